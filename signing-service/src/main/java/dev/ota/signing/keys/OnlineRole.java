package dev.ota.signing.keys;

/** The keys the running service signs with. Root and top-level targets keys are offline and never listed here. */
public enum OnlineRole {
    /** Signs uploads into the ci staging role, and is the first of the two signatures of the release role. */
    CI("ci"),
    IMAGE_SNAPSHOT("image-snapshot"),
    IMAGE_TIMESTAMP("image-timestamp"),
    /** Signs the deltas role: deltas between released images (docs/deltas.md). */
    IMAGE_DELTAS("image-deltas"),
    DIRECTOR_TARGETS("director-targets"),
    DIRECTOR_SNAPSHOT("director-snapshot"),
    DIRECTOR_TIMESTAMP("director-timestamp");

    private final String keyName;

    OnlineRole(String keyName) {
        this.keyName = keyName;
    }

    /** The key's name: file {@code <name>.key} in the key directory, or label in the PKCS#11 token. */
    public String keyName() {
        return keyName;
    }
}
