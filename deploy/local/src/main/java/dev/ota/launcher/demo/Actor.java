package dev.ota.launcher.demo;

/** Who calls the platform: the demo's machine clients of the local authorization server, one per role. */
public enum Actor {
    CI("ci-pipeline", "ci-secret"),
    RELEASE_ENGINEER("demo-release-engineer", "release-engineer-demo"),
    APPROVER("demo-approver", "approver-demo"),
    FLEET_OPS("demo-fleet-ops", "fleet-ops-demo"),
    AUDITOR("demo-auditor", "auditor-demo"),
    ADMIN("demo-admin", "admin-demo"),
    /** The factory line: registers vehicles with their ECU public keys (role VEHICLE_PROVISIONER). */
    PROVISIONER("demo-provisioner", "provisioner-demo");

    private final String clientId;
    private final String secret;

    Actor(String clientId, String secret) {
        this.clientId = clientId;
        this.secret = secret;
    }

    public String clientId() {
        return clientId;
    }

    String secret() {
        return secret;
    }
}
