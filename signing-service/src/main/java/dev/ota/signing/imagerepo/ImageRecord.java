package dev.ota.signing.imagerepo;

import dev.ota.uptane.metadata.TargetFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One uploaded image as the repository knows it. */
public record ImageRecord(
        String name,
        String version,
        String targetPath,
        long length,
        String sha256,
        String sha512,
        List<String> hardwareIds,
        long releaseCounter,
        Map<String, String> custom,
        String stagingRole,
        Status status,
        String uploadedBy) {

    public ImageRecord {
        hardwareIds = List.copyOf(hardwareIds);
        custom = Map.copyOf(custom);
    }

    /** SIGNED: in a staging role only; RELEASED: co-signed into the release role; REVOKED: withdrawn. */
    public enum Status {
        SIGNED,
        RELEASED,
        REVOKED
    }

    /** The target path of an image: {@code name/name-version.bin}. */
    public static String targetPathOf(String name, String version) {
        return name + "/" + name + "-" + version + ".bin";
    }

    public Map<String, String> hashes() {
        return Map.of("sha256", sha256, "sha512", sha512);
    }

    /** The TUF target entry, with the Uptane hardware ids and release counter in custom. */
    public TargetFile targetFile() {
        return TargetFile.image(length, hashes(), hardwareIds, releaseCounter, new LinkedHashMap<>(custom));
    }

    public ImageRecord withStatus(Status newStatus) {
        return new ImageRecord(
                name,
                version,
                targetPath,
                length,
                sha256,
                sha512,
                hardwareIds,
                releaseCounter,
                custom,
                stagingRole,
                newStatus,
                uploadedBy);
    }
}
