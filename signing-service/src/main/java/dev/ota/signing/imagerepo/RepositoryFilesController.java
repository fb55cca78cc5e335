package dev.ota.signing.imagerepo;

import dev.ota.signing.tuf.MetadataStore;
import dev.ota.uptane.delta.DeltaPaths;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The TUF HTTP layout, public and read-only (see docs/signing-service.md): versioned metadata with consistent
 * snapshots, {@code timestamp.json}, hash-prefixed target files. The director's per-vehicle metadata is not served
 * here: it goes to each vehicle only, through the gateway.
 */
@RestController
class RepositoryFilesController {

    private static final Pattern VERSIONED = Pattern.compile("(\\d{1,18})\\.([A-Za-z0-9_-]{1,64})\\.json");
    private static final Pattern UNVERSIONED = Pattern.compile("([A-Za-z0-9_-]{1,64})\\.json");
    private static final Pattern HASH_PREFIXED = Pattern.compile("([0-9a-f]{128}|[0-9a-f]{64})\\.(.+)");

    private final MetadataStore store;
    private final ImageCatalog catalog;
    private final ImageBytes blobs;
    private final DeltaCatalog deltas;

    RepositoryFilesController(MetadataStore store, ImageCatalog catalog, ImageBytes blobs, DeltaCatalog deltas) {
        this.store = store;
        this.catalog = catalog;
        this.blobs = blobs;
        this.deltas = deltas;
    }

    @GetMapping("/repo/image/metadata/{file}")
    ResponseEntity<String> imageMetadata(@PathVariable String file) {
        return metadata(MetadataStore.IMAGE, file);
    }

    @GetMapping("/repo/director/metadata/{file}")
    ResponseEntity<String> directorMetadata(@PathVariable String file) {
        // Only root is public for the director; targets, snapshot and timestamp are per vehicle.
        if (!file.equals("root.json") && !file.endsWith(".root.json")) {
            return ResponseEntity.notFound().build();
        }
        return metadata(MetadataStore.DIRECTOR, file);
    }

    private ResponseEntity<String> metadata(String repo, String file) {
        Matcher versioned = VERSIONED.matcher(file);
        Optional<String> doc;
        boolean immutable;
        if (versioned.matches()) {
            doc = store.document(repo, versioned.group(2), Long.parseLong(versioned.group(1)));
            immutable = true;
        } else {
            Matcher plain = UNVERSIONED.matcher(file);
            if (!plain.matches()) {
                return ResponseEntity.notFound().build();
            }
            doc = store.latest(repo, plain.group(1)).map(MetadataStore.Stored::document);
            immutable = false;
        }
        return doc.map(d -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .cacheControl(
                                immutable
                                        ? CacheControl.maxAge(java.time.Duration.ofDays(365))
                                                .cachePublic()
                                        : CacheControl.noCache())
                        .body(d))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** Target files: {@code dir/HASH.name} (consistent snapshots, TUF 1.0 section 5.7.3) or {@code dir/name}. */
    @GetMapping("/repo/image/targets/{*path}")
    ResponseEntity<Resource> target(@PathVariable String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.lastIndexOf('/');
        String dir = slash < 0 ? "" : p.substring(0, slash + 1);
        String file = p.substring(slash + 1);
        Matcher hashed = HASH_PREFIXED.matcher(file);
        String targetPath = hashed.matches() ? dir + hashed.group(2) : p;
        String prefix = hashed.matches() ? hashed.group(1) : null;
        Optional<String> sha256 = targetPath.startsWith(DeltaPaths.PREFIX)
                ? deltas.findPublished(targetPath)
                        .filter(d -> prefix == null
                                || d.sha256().equals(prefix)
                                || d.sha512().equals(prefix))
                        .map(DeltaCatalog.StoredDelta::sha256)
                : catalog.findByTargetPath(targetPath)
                        .filter(i -> i.status() != ImageRecord.Status.REVOKED)
                        .filter(i -> prefix == null
                                || i.sha256().equals(prefix)
                                || i.sha512().equals(prefix))
                        .map(ImageRecord::sha256);
        Optional<Path> blob = sha256.flatMap(blobs::find);
        return blob.<ResponseEntity<Resource>>map(b -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(365))
                                .cachePublic())
                        .body(new FileSystemResource(b)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
