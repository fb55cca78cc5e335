package dev.ota.signing.upload;

import dev.ota.signing.imagerepo.ImageCatalog;
import dev.ota.signing.imagerepo.ImageRecord;
import dev.ota.signing.imagerepo.ImageRepository;
import dev.ota.signing.imagerepo.RepositoryConflict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/** Receives an image: stream to disk while hashing, check declared hashes, then store and sign (or recognise). */
@Service
class ImageUploads {

    private final BlobStore blobs;
    private final ImageCatalog catalog;
    private final ImageRepository repository;
    private final UploadProperties properties;

    ImageUploads(BlobStore blobs, ImageCatalog catalog, ImageRepository repository, UploadProperties properties) {
        this.blobs = blobs;
        this.catalog = catalog;
        this.repository = repository;
        this.properties = properties;
    }

    /** What the endpoint answers: the stored image and whether this request created it. */
    record Outcome(ImageRecord image, boolean created) {}

    /** The upload request's declared attributes. */
    record Declared(
            String name,
            String version,
            List<String> hardwareIds,
            long releaseCounter,
            Map<String, String> custom,
            @Nullable String sha256,
            @Nullable String sha512,
            long contentLength,
            String uploadedBy) {}

    /** @throws ImageStoreFull when the image store's volume is full (nothing signed, nothing left behind) */
    Outcome upload(Declared declared, InputStream body) throws IOException {
        try {
            return store(declared, body);
        } catch (IOException e) {
            if (ImageStoreFull.isFull(e)) {
                throw new ImageStoreFull(e);
            }
            throw e;
        }
    }

    private Outcome store(Declared declared, InputStream body) throws IOException {
        long max = properties.maxSize().toBytes();
        if (declared.contentLength() > max) {
            throw new ResponseStatusException(
                    HttpStatus.CONTENT_TOO_LARGE, "image of " + declared.contentLength() + " bytes exceeds " + max);
        }
        Path temp = blobs.newTempFile();
        try {
            HashingCopy.Result hashed;
            try {
                hashed = HashingCopy.copy(body, temp, max);
            } catch (HashingCopy.TooLarge e) {
                throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
            }
            if (declared.sha256() != null && !declared.sha256().equalsIgnoreCase(hashed.sha256())) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST,
                        "declared sha256 does not match the uploaded bytes (" + hashed.sha256() + ")");
            }
            if (declared.sha512() != null && !declared.sha512().equalsIgnoreCase(hashed.sha512())) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "declared sha512 does not match the uploaded bytes");
            }
            var existing = catalog.find(declared.name(), declared.version());
            if (existing.isPresent()) {
                return sameOrConflict(existing.get(), hashed, declared);
            }
            blobs.commit(temp, hashed.sha256());
            String path = ImageRecord.targetPathOf(declared.name(), declared.version());
            var image = new ImageRecord(
                    declared.name(),
                    declared.version(),
                    path,
                    hashed.length(),
                    hashed.sha256(),
                    hashed.sha512(),
                    declared.hardwareIds(),
                    declared.releaseCounter(),
                    declared.custom(),
                    repository.stagingRoleFor(path),
                    ImageRecord.Status.SIGNED,
                    declared.uploadedBy());
            try {
                return new Outcome(repository.stage(image), true);
            } catch (DuplicateKeyException race) {
                return sameOrConflict(
                        catalog.find(declared.name(), declared.version()).orElseThrow(), hashed, declared);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Idempotency: the same name, version and bytes answer with the stored entry; other bytes are a conflict. */
    private static Outcome sameOrConflict(ImageRecord existing, HashingCopy.Result hashed, Declared declared) {
        if (existing.sha256().equals(hashed.sha256())
                && existing.length() == hashed.length()
                && existing.hardwareIds().equals(declared.hardwareIds())
                && existing.releaseCounter() == declared.releaseCounter()) {
            return new Outcome(existing, false);
        }
        throw new RepositoryConflict("image " + declared.name() + " " + declared.version()
                + " already exists with different content or attributes; publish a new version");
    }
}
