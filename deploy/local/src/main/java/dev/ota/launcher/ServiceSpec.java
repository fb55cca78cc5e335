package dev.ota.launcher;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One platform process.
 *
 * @param name module and application name
 * @param port HTTP port
 * @param database its own database, or null when it keeps no state
 * @param heapMegabytes maximum heap
 */
record ServiceSpec(String name, int port, @Nullable String database, int heapMegabytes) {

    static final ServiceSpec AUTH_SERVER = new ServiceSpec("auth-server", 9000, null, 160);

    /** The fleet CA's CRL (signing-service keeps the CA's record), which the local broker fetches. */
    static final String SIGNING_CRL = "http://127.0.0.1:8081/api/v1/fleet-ca/crl";

    /** Every service, in start order (the authorization server first). */
    static final List<ServiceSpec> ALL = List.of(
            AUTH_SERVER,
            new ServiceSpec("signing-service", 8081, "signing", 320),
            new ServiceSpec("campaign-service", 8082, "campaign", 320),
            new ServiceSpec("device-gateway", 8083, null, 256),
            new ServiceSpec("health-service", 8084, "health", 256),
            new ServiceSpec("rollback-service", 8085, "rollback", 256),
            new ServiceSpec("audit-service", 8086, "audit", 256),
            new ServiceSpec("vehicle-simulator", 8087, null, 384));

    /** The authorization server plus the named services, in start order; all services when none are named. */
    static List<ServiceSpec> select(List<String> names) {
        if (names.isEmpty()) {
            return ALL;
        }
        List<String> known = ALL.stream().map(ServiceSpec::name).toList();
        for (String name : names) {
            if (!known.contains(name)) {
                throw new LaunchOptions.UsageException("unknown service " + name + "; known: " + known);
            }
        }
        return ALL.stream()
                .filter(spec -> spec == AUTH_SERVER || names.contains(spec.name()))
                .toList();
    }

    /** The same service with another maximum heap (e.g. a simulator sized for a larger fleet). */
    ServiceSpec withHeap(int megabytes) {
        return new ServiceSpec(name, port, database, megabytes);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
