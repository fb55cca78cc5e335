package dev.ota.uptane.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashes with the JDK's {@link MessageDigest} (intrinsic SHA-2: measured several times faster than Bouncy Castle). */
public final class Hashing {

    private static final HexFormat HEX = HexFormat.of();

    private Hashing() {}

    public static MessageDigest sha256() {
        return digest("SHA-256");
    }

    public static MessageDigest sha512() {
        return digest("SHA-512");
    }

    public static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256().digest(data));
    }

    public static String sha512Hex(byte[] data) {
        return HEX.formatHex(sha512().digest(data));
    }

    /** The TUF hash algorithm name ("sha256", "sha512") to its JDK name, or null when unsupported. */
    public static String jdkName(String tufName) {
        return switch (tufName) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            case "sha384" -> "SHA-384";
            default -> throw new IllegalArgumentException("unsupported hash algorithm " + tufName);
        };
    }

    public static boolean supported(String tufName) {
        return tufName.equals("sha256") || tufName.equals("sha512") || tufName.equals("sha384");
    }
}
