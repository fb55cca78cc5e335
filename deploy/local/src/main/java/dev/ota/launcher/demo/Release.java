package dev.ota.launcher.demo;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ECU image as CI builds it: name, version, the hardware id it is for, its release counter (Uptane anti-rollback),
 * and its bytes (generated: a recognisable header, then filler up to {@code size}).
 */
public record Release(String imageName, String version, String hardwareId, long releaseCounter, int size) {

    public Release {
        if (size < 64) {
            throw new IllegalArgumentException("an image needs at least 64 bytes");
        }
    }

    public byte[] content() {
        byte[] header = ("OTA image " + imageName + " " + version + " for " + hardwareId + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(header, Math.max(size, header.length));
        for (int i = header.length; i < bytes.length; i++) {
            bytes[i] = (byte) ((i * 31 + version.hashCode()) & 0x7f);
        }
        return bytes;
    }

    /** The path the signing service signs it under (docs/signing-service.md). */
    public String targetPath() {
        return imageName + "/" + imageName + "-" + version + ".bin";
    }

    @Override
    public String toString() {
        return imageName + " " + version + " (" + hardwareId + ")";
    }
}
