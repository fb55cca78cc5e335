package dev.ota.gateway.fleetca;

import dev.ota.pki.FleetCa;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;

/**
 * The fleet CA's parts as the gateway wires them, for tests that put them together by hand (a Kafka producer of their
 * choosing) outside a Spring context. The outbox is the CA directory's {@code audit-outbox/}, as in the gateway.
 */
public final class FleetCaParts {

    private FleetCaParts() {}

    public static Path outbox(Path caDirectory) {
        return caDirectory.resolve("audit-outbox");
    }

    public static Revocations revocations(
            FleetCa ca, Path caDirectory, Producer<String, byte[]> kafka, Duration sendTimeout) {
        return new Revocations(ca, new AuditOutbox(outbox(caDirectory), kafka, sendTimeout));
    }

    public static VehicleProvisioning provisioning(
            FleetCa ca, Path caDirectory, Producer<String, byte[]> kafka, Duration sendTimeout) {
        return new VehicleProvisioning(
                ca,
                properties(caDirectory, sendTimeout),
                new AuditOutbox(outbox(caDirectory), kafka, sendTimeout),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** One pass of the gateway's relay over the directory's outbox, sending with this producer. */
    public static void relayOnce(FleetCa ca, Path caDirectory, Producer<String, byte[]> kafka, Duration sendTimeout) {
        try (AuditRelay relay = new AuditRelay(
                ca, new AuditOutbox(outbox(caDirectory), kafka, sendTimeout), properties(caDirectory, sendTimeout))) {
            relay.relayHeld();
        }
    }

    /** The relay's own schedule is an hour away: tests run it once, when they choose. */
    private static FleetCaProperties properties(Path caDirectory, Duration sendTimeout) {
        return new FleetCaProperties(
                caDirectory,
                "unused",
                "unused",
                Duration.ofDays(1),
                10,
                sendTimeout,
                Duration.ofHours(1),
                Duration.ofHours(1));
    }
}
