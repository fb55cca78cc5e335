package dev.ota.signing.imagerepo;

import java.time.Instant;

/**
 * One signature over an image's role entry, as the releases view shows it: who caused it, with which key, when.
 *
 * @param role the TUF role signed ({@code ci} or a supplier's staging role, {@code release})
 * @param principal the token subject of the person or client (or {@code signing-service} for the service's own online
 *     signature that completes a release's threshold)
 * @param keyId the TUF key id the signature verifies against
 */
public record ImageSignature(String role, Action action, String principal, String keyId, Instant signedAt) {

    /** The service's name as the principal of its own online signatures. */
    static final String SERVICE = "signing-service";

    /** What the signature did to the image. */
    public enum Action {
        /** uploaded: signed into its staging role */
        STAGED,
        /** released: co-signed into the release role */
        RELEASED,
        /** revoked: its removal from the release role co-signed */
        REVOKED
    }
}
