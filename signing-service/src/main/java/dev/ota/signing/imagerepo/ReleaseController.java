package dev.ota.signing.imagerepo;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.metadata.SignedDocument;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Release and revocation. A release engineer fetches the release candidate, signs it offline with their own key
 * ({@code KeyCeremony sign}), and posts it back; the service adds the CI signature (threshold 2) and publishes.
 */
@RestController
class ReleaseController {

    private final ImageRepository repository;
    private final ImageCatalog catalog;
    private final ReReleases reReleases;
    private final ImageSignatures signatures;

    ReleaseController(
            ImageRepository repository, ImageCatalog catalog, ReReleases reReleases, ImageSignatures signatures) {
        this.repository = repository;
        this.catalog = catalog;
        this.reReleases = reReleases;
        this.signatures = signatures;
    }

    /** Images, newest first, each with who signed it into which role. */
    @GetMapping("/api/images")
    @PreAuthorize("isAuthenticated()")
    List<ImageView> list(@RequestParam(required = false) @Nullable String name) {
        Map<String, List<ImageSignature>> signed = signatures.byImage(name, null);
        return catalog.list(name).stream()
                .map(image -> new ImageView(
                        image, signed.getOrDefault(ImageSignatures.key(image.name(), image.version()), List.of())))
                .toList();
    }

    @GetMapping("/api/images/{name}/{version}")
    @PreAuthorize("isAuthenticated()")
    ImageView get(@PathVariable String name, @PathVariable String version) {
        ImageRecord image = catalog.find(name, version)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no image " + name + " " + version));
        return new ImageView(image, signatures.of(name, version));
    }

    /** The unsigned next release role document ({@code {"signatures": [], "signed": {..}}}) to sign offline. */
    @GetMapping(path = "/api/images/{name}/{version}/release-candidate", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    String candidate(
            @PathVariable String name,
            @PathVariable String version,
            @RequestParam(defaultValue = "add") String action) {
        boolean remove = switch (action) {
            case "add" -> false;
            case "remove" -> true;
            default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "action is add or remove");
        };
        return SignedDocument.unsigned(repository.releaseCandidate(name, version, remove))
                .toJson();
    }

    record ReleaseResult(String imageName, String version, long releaseRoleVersion) {}

    @PostMapping(path = "/api/images/{name}/{version}/co-sign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('RELEASE_ENGINEER')")
    ReleaseResult coSign(
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody String signedRelease,
            Authentication who) {
        long v = repository.coSign(name, version, signedRelease.getBytes(StandardCharsets.UTF_8), who.getName());
        return new ReleaseResult(name, version, v);
    }

    /**
     * Prepares a rollback path: stages the bytes of a released image as a new version under a higher release counter
     * (body {@code {"releaseCounter": n}}, optional; default one above every counter of the image name). The answer
     * names the new version, which a release engineer then co-signs like any release.
     */
    @PostMapping(path = "/api/images/{name}/{version}/re-release")
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    ResponseEntity<ImageRecord> reRelease(
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody(required = false) @Nullable String body,
            Authentication who) {
        Optional<Long> counter = Optional.empty();
        if (body != null && !body.isBlank()) {
            try {
                counter = Optional.ofNullable(
                        Json.optionalInteger(Json.object(Json.parse(body), "request"), "releaseCounter"));
            } catch (RuntimeException e) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST,
                        "body must be a JSON object with an optional integer releaseCounter: " + e.getMessage());
            }
            if (counter.isPresent() && counter.get() < 0) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "releaseCounter must not be negative");
            }
        }
        var staged = reReleases.reRelease(name, version, counter, who.getName());
        var image = staged.image();
        return staged.created()
                ? ResponseEntity.created(URI.create("/api/images/" + image.name() + "/" + image.version()))
                        .body(image)
                : ResponseEntity.ok(image);
    }

    /** Body: {@code {"reason": "..", "release": <co-signed removal, required when the image was released>}}. */
    @PostMapping(path = "/api/images/{name}/{version}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('RELEASE_ENGINEER', 'ADMIN')")
    Map<String, Object> revoke(
            @PathVariable String name, @PathVariable String version, @RequestBody String body, Authentication who) {
        Map<String, Object> request;
        try {
            request = Json.object(Json.parse(body), "request");
        } catch (RuntimeException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "body must be a JSON object");
        }
        if (!(request.get("reason") instanceof String reason) || reason.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a reason is required");
        }
        Object release = request.get("release");
        byte[] removal = release == null ? null : CanonicalJson.encode(release);
        var event = repository.revoke(name, version, reason, who.getName(), removal);
        return Map.of(
                "imageName",
                name,
                "version",
                version,
                "status",
                "REVOKED",
                "eventId",
                event.eventId().toString());
    }
}
