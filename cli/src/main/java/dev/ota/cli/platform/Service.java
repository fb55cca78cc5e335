package dev.ota.cli.platform;

/** The services the command line talks to, with the variable that moves each one and its local address. */
public enum Service {
    AUTH("auth-server", "OTA_ISSUER", 9000),
    SIGNING("signing-service", "OTA_SIGNING_URL", 8081),
    CAMPAIGN("campaign-service", "OTA_CAMPAIGN_URL", 8082),
    HEALTH("health-service", "OTA_HEALTH_URL", 8084),
    ROLLBACK("rollback-service", "OTA_ROLLBACK_URL", 8085),
    AUDIT("audit-service", "OTA_AUDIT_URL", 8086);

    private final String serviceName;
    private final String variable;
    private final int localPort;

    Service(String serviceName, String variable, int localPort) {
        this.serviceName = serviceName;
        this.variable = variable;
        this.localPort = localPort;
    }

    public String serviceName() {
        return serviceName;
    }

    /** The environment variable with this service's base URL. */
    public String variable() {
        return variable;
    }

    /** Where {@code ./ota up} starts it. */
    public String localUrl() {
        return "http://127.0.0.1:" + localPort;
    }
}
