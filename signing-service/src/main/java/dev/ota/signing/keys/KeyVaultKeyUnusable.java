package dev.ota.signing.keys;

/**
 * An online key configured to live in Azure Key Vault cannot be used, and why: thrown at start-up, so a service
 * configured for the vault that cannot sign with it refuses to start and tells the operator what to fix.
 */
public final class KeyVaultKeyUnusable extends IllegalStateException {

    /** Why the key cannot be used, each with what the operator should do about it. */
    public enum Reason {
        NO_CREDENTIAL("no Azure credential available: set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET"
                + " (or AZURE_FEDERATED_TOKEN_FILE for workload identity), or run with a managed identity"),
        ACCESS_DENIED("the vault refused the credential: grant it get and sign on keys (role Key Vault Crypto User)"),
        KEY_MISSING("the vault has no such key or key version"),
        NOT_EC_P256("the key is not an EC key on curve P-256, which Uptane's ecdsa-sha2-nistp256 needs"),
        SIGNATURE_MISMATCH("a test signature made by the vault does not verify with the key's public part"),
        UNREACHABLE("the vault cannot be reached (URL, DNS, network, firewall)"),
        VAULT_ERROR("the vault answered with an error");

        private final String advice;

        Reason(String advice) {
            this.advice = advice;
        }

        public String advice() {
            return advice;
        }
    }

    private final Reason reason;

    KeyVaultKeyUnusable(Reason reason, String keyName, String where, String detail, Throwable cause) {
        super(message(reason, keyName, where, detail), cause);
        this.reason = reason;
    }

    KeyVaultKeyUnusable(Reason reason, String keyName, String where, String detail) {
        super(message(reason, keyName, where, detail));
        this.reason = reason;
    }

    private static String message(Reason reason, String keyName, String where, String detail) {
        return "online key " + keyName + " in Azure Key Vault (" + where + ") is unusable: " + reason + ": "
                + reason.advice() + (detail.isBlank() ? "" : " [" + detail + "]");
    }

    public Reason reason() {
        return reason;
    }
}
