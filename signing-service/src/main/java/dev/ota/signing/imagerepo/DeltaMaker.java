package dev.ota.signing.imagerepo;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.delta.DeltaDescription;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.delta.ZstdPatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Makes the deltas to each new release, outside any transaction (a delta of a large image takes seconds): from each of
 * the {@code bases} most recent earlier releases (lower release counter) of the same image name that share a hardware
 * id with it. The delta bytes go to the blob store; {@link ImageRepository#publishDeltas} then lists them. A release
 * whose deltas cannot be made (image too large, blob missing, an error) is marked done with what could be made, so one
 * bad image never stalls the job; vehicles then download it whole.
 *
 * <p>Two replicas may make the same delta at once: the blob is stored by content and the row is inserted once, so the
 * cost is duplicated work, not a wrong repository.
 */
@Component
class DeltaMaker {

    private static final Logger log = LoggerFactory.getLogger(DeltaMaker.class);

    private final ImageRepository repository;
    private final ImageCatalog images;
    private final DeltaCatalog deltas;
    private final ImageBytes blobs;
    private final DeltaProperties properties;

    DeltaMaker(
            ImageRepository repository,
            ImageCatalog images,
            DeltaCatalog deltas,
            ImageBytes blobs,
            DeltaProperties properties) {
        this.repository = repository;
        this.images = images;
        this.deltas = deltas;
        this.blobs = blobs;
        this.properties = properties;
    }

    @Scheduled(
            fixedDelayString = "${ota.signing.deltas.check:PT10S}",
            initialDelayString = "${ota.signing.deltas.check:PT10S}")
    void makePending() {
        if (!properties.enabled() || !repository.publishesDeltas()) {
            return;
        }
        for (String[] pending : deltas.pendingReleases(10)) {
            makeFor(pending[0], pending[1]);
        }
    }

    private void makeFor(String name, String version) {
        List<DeltaCatalog.StoredDelta> made = new ArrayList<>();
        try {
            ImageRecord result = images.find(name, version).orElseThrow();
            for (ImageRecord base : bases(result)) {
                make(base, result).ifPresent(made::add);
            }
        } catch (IOException | RuntimeException e) {
            log.error("deltas to {} {} could not all be made; vehicles download it whole", name, version, e);
        }
        repository.publishDeltas(name, version, made);
        log.info("deltas to {} {}: {} made", name, version, made.size());
    }

    /** The most recent earlier releases of the same name sharing a hardware id, other bytes than the result. */
    private List<ImageRecord> bases(ImageRecord result) {
        var out = new ArrayList<ImageRecord>();
        for (String version : deltas.releasedVersions(result.name())) {
            if (out.size() == properties.bases()) {
                break;
            }
            images.find(result.name(), version)
                    .filter(base -> base.releaseCounter() < result.releaseCounter())
                    .filter(base -> !base.sha256().equals(result.sha256()))
                    .filter(base -> base.hardwareIds().stream().anyMatch(result.hardwareIds()::contains))
                    .ifPresent(out::add);
        }
        return out;
    }

    private Optional<DeltaCatalog.StoredDelta> make(ImageRecord base, ImageRecord result) throws IOException {
        long max = Math.min(properties.maxImageSize().toBytes(), ZstdPatch.MAX_IMAGE_BYTES);
        if (base.length() > max || result.length() > max) {
            log.info("no delta {} -> {} of {}: above {} bytes", base.version(), result.version(), result.name(), max);
            return Optional.empty();
        }
        Optional<Path> baseBlob = blobs.find(base.sha256());
        Optional<Path> resultBlob = blobs.find(result.sha256());
        if (baseBlob.isEmpty() || resultBlob.isEmpty()) {
            log.warn("no delta {} -> {} of {}: image bytes missing", base.version(), result.version(), result.name());
            return Optional.empty();
        }
        byte[] delta = ZstdPatch.create(Files.readAllBytes(baseBlob.get()), Files.readAllBytes(resultBlob.get()));
        String sha256 = Hashing.sha256Hex(delta);
        blobs.store(sha256, delta);
        var description = new DeltaDescription(
                ZstdPatch.FORMAT,
                new DeltaDescription.FileInfo(base.length(), base.hashes()),
                result.targetPath(),
                new DeltaDescription.FileInfo(result.length(), result.hashes()));
        return Optional.of(new DeltaCatalog.StoredDelta(
                DeltaPaths.of(result.targetPath(), base.sha256()),
                result.name(),
                base.version(),
                result.version(),
                delta.length,
                sha256,
                Hashing.sha512Hex(delta),
                description.toCustom()));
    }
}
