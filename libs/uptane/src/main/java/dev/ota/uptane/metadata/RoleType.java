package dev.ota.uptane.metadata;

import dev.ota.uptane.json.MalformedMetadataException;

/** The four top-level TUF roles, with their {@code _type} value. */
public enum RoleType {
    ROOT("root"),
    TARGETS("targets"),
    SNAPSHOT("snapshot"),
    TIMESTAMP("timestamp");

    private final String wireName;

    RoleType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The metadata file name of this role, e.g. {@code targets.json}. */
    public String fileName() {
        return wireName + ".json";
    }

    public static RoleType fromWire(String name) {
        for (RoleType r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        throw new MalformedMetadataException("unknown role type " + name);
    }
}
