package dev.ota.platform.security;

/**
 * The platform roles (ARCHITECTURE.md, security model). Tokens carry them in the {@code roles} claim; Spring sees them
 * as {@code ROLE_<name>} authorities.
 */
public final class Roles {

    /** CI pipelines: upload images only. */
    public static final String CI_PIPELINE = "CI_PIPELINE";
    /** Register releases, build bundles, create campaigns. */
    public static final String RELEASE_ENGINEER = "RELEASE_ENGINEER";
    /** Start, hold, resume, abort campaigns; manual rollback. */
    public static final String FLEET_OPS = "FLEET_OPS";
    /** Approve campaigns created by someone else. */
    public static final String APPROVER = "APPROVER";
    /** Read the audit log and exports. */
    public static final String AUDITOR = "AUDITOR";
    /**
     * The factory line: provisions vehicles (certificate requests to the fleet CA, ECU public keys into the inventory)
     * and nothing else.
     */
    public static final String VEHICLE_PROVISIONER = "VEHICLE_PROVISIONER";
    /** Everything. */
    public static final String ADMIN = "ADMIN";

    private Roles() {}
}
