package dev.ota.signing.imagerepo;

import dev.ota.signing.tuf.MetadataStore;
import dev.ota.signing.tuf.TrustImport;
import dev.ota.uptane.client.AttackDetectedException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Imports ceremony outputs at run time: a rotated root (image or director), or new top-level targets. Only
 * documents a client would accept are taken; the service never receives an offline private key.
 */
@RestController
class TrustController {

    private final TrustImport trust;
    private final ImageRepository repository;

    TrustController(TrustImport trust, ImageRepository repository) {
        this.trust = trust;
        this.repository = repository;
    }

    @PutMapping(path = "/api/trust/{repo}/root", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, Object> root(@PathVariable String repo, @RequestBody String json) {
        if (!repo.equals(MetadataStore.IMAGE) && !repo.equals(MetadataStore.DIRECTOR)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no repository " + repo);
        }
        try {
            var root = trust.importRoot(repo, json.getBytes(StandardCharsets.UTF_8));
            return Map.of("repository", repo, "rootVersion", root.version());
        } catch (AttackDetectedException | IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
    }

    @PutMapping(path = "/api/trust/image/targets", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    Map<String, Object> targets(@RequestBody String json) {
        try {
            var targets = trust.importImageTargets(json.getBytes(StandardCharsets.UTF_8));
            repository.republish();
            return Map.of("repository", "image", "targetsVersion", targets.version());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        }
    }
}
