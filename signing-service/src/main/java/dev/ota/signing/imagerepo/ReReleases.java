package dev.ota.signing.imagerepo;

import java.util.LinkedHashMap;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Re-releases: the bytes of an image that was released before, published again as a new version under a higher
 * release counter. This is how a vehicle goes back to an older image without switching its anti-rollback check off
 * (Uptane 2.0 section 5.4.4.2 step 8 refuses a lower counter than the one installed): the rollback target is a newer
 * release that happens to carry the old software.
 *
 * <p>A re-release is staged by CI like an upload and becomes visible to vehicles only when a release engineer
 * co-signs it into the release role, exactly as any other release. It is prepared before a campaign needs it, so an
 * automatic rollback never waits for a signing ceremony.
 */
@Service
public class ReReleases {

    /** Custom field naming the target path whose bytes a re-release carries. */
    public static final String RERELEASE_OF = "rereleaseOf";

    private final ImageCatalog catalog;
    private final ImageRepository repository;

    ReReleases(ImageCatalog catalog, ImageRepository repository) {
        this.catalog = catalog;
        this.repository = repository;
    }

    /** The version name of a re-release: {@code 2.0.0} under counter 4 becomes {@code 2.0.0-rerelease.4}. */
    public static String versionOf(String originalVersion, long releaseCounter) {
        return originalVersion + "-rerelease." + releaseCounter;
    }

    /**
     * Stages a re-release of {@code name version}.
     *
     * @param releaseCounter the new counter, or empty for one above every counter this image name was given so far
     * @return the staged re-release and whether this call created it (an identical earlier request answers the same)
     */
    @Transactional
    public Staged reRelease(String name, String version, Optional<Long> releaseCounter, String requestedBy) {
        ImageRecord original = catalog.find(name, version)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no image " + name + " " + version));
        if (original.status() != ImageRecord.Status.RELEASED) {
            throw new RepositoryConflict(
                    "only a released image can be re-released; " + name + " " + version + " is " + original.status());
        }
        if (original.custom().containsKey(RERELEASE_OF)) {
            throw new RepositoryConflict(name + " " + version + " is itself a re-release of "
                    + original.custom().get(RERELEASE_OF) + ": re-release the original");
        }
        long counter = releaseCounter.orElseGet(() -> Math.addExact(catalog.highestReleaseCounter(name), 1));
        if (counter <= original.releaseCounter()) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "a re-release needs a release counter above the original's " + original.releaseCounter());
        }
        String newVersion = versionOf(version, counter);
        Optional<ImageRecord> existing = catalog.find(name, newVersion);
        if (existing.isPresent()) {
            ImageRecord earlier = existing.get();
            if (earlier.sha256().equals(original.sha256()) && earlier.releaseCounter() == counter) {
                return new Staged(earlier, false);
            }
            throw new RepositoryConflict(name + " " + newVersion + " already exists with other content");
        }
        var custom = new LinkedHashMap<>(original.custom());
        custom.put(RERELEASE_OF, original.targetPath());
        String path = ImageRecord.targetPathOf(name, newVersion);
        var image = new ImageRecord(
                name,
                newVersion,
                path,
                original.length(),
                original.sha256(),
                original.sha512(),
                original.hardwareIds(),
                counter,
                custom,
                repository.stagingRoleFor(path),
                ImageRecord.Status.SIGNED,
                requestedBy);
        return new Staged(repository.stage(image), true);
    }

    /** A staged re-release, and whether this request created it. */
    public record Staged(ImageRecord image, boolean created) {}
}
