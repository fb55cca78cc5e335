package dev.ota.contracts.events;

/**
 * The signature of the service that made an assignment (campaign-service for an update, rollback-service for a
 * rollback) over everything the assignment makes a vehicle install ({@link dev.ota.contracts.AssignmentSeals}). The
 * director signs metadata only for an assignment sealed by a signer it trusts, so whoever can write the assignments
 * topic still cannot make a car install anything.
 *
 * @param signer the signer's name, which the director maps to its public key (e.g. {@code campaign-service})
 * @param signature Ed25519 signature, base64
 */
public record AssignmentSeal(String signer, String signature) {

    public AssignmentSeal {
        Require.text(signer, "seal.signer");
        Require.text(signature, "seal.signature");
    }
}
