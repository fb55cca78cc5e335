package dev.ota.gateway.fleetca;

import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Revokes vehicle certificates and gets each revocation into the audit log ({@link VehicleCertificateRevoked} on
 * {@code ota.fleet.certificates}). The CA rewrites its CRL file before a call returns; brokers read it again within
 * their refresh interval and refuse the certificate at the vehicle's next connect (a connection already open stays
 * open).
 *
 * <p>Order, so that no revocation escapes the audit log: the event is held in the outbox (a synced file beside the
 * CA's files), then the CA revokes, then the event is sent and the call waits for Kafka's acknowledgement. When Kafka
 * does not acknowledge in time the revocation stands (refusing it for an outage would keep a stolen car connected)
 * and the caller is told it is not audited yet; the event stays held and is sent again every
 * {@code audit-retry-interval}. A held event whose serials the CA does not list as revoked is a revocation that never
 * happened (the process died between the two writes) and is dropped.
 */
@Component
public class Revocations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    /** What a revocation did: the serials revoked, and whether the audit log has it yet. */
    public record Outcome(List<BigInteger> serials, boolean audited) {}

    private final FleetCa ca;
    private final AuditOutbox outbox;
    private final ScheduledExecutorService relay;

    Revocations(FleetCa ca, FleetCaProperties properties, Producer<String, byte[]> otaKafkaProducer) {
        this.ca = ca;
        this.outbox = new AuditOutbox(
                properties.directory().resolve("audit-outbox"), otaKafkaProducer, properties.auditSendTimeout());
        this.relay = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fleet-ca-audit-relay").daemon(true).factory());
        long every = properties.auditRetryInterval().toMillis();
        relay.scheduleWithFixedDelay(this::relayHeld, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Every certificate issued to the vehicle.
     *
     * @return empty serials when the CA never issued one to it (nothing revoked, nothing audited)
     */
    public Outcome revokeVehicle(String vin, String by, String reason) {
        List<BigInteger> serials = ca.serialsIssuedTo(vin);
        if (serials.isEmpty()) {
            return new Outcome(serials, false);
        }
        boolean audited = revoke(vin, serials, by, reason, () -> ca.revokeVehicle(vin));
        log.info(
                "{} revoked the certificates of {} ({}): {}",
                by,
                vin,
                reason,
                serials.stream().map(s -> s.toString(16)).toList());
        return new Outcome(serials, audited);
    }

    public Outcome revokeCertificate(BigInteger serial, String by, String reason) {
        boolean audited = revoke(ca.vinOf(serial).orElse(null), List.of(serial), by, reason, () -> ca.revoke(serial));
        log.info("{} revoked certificate {} ({})", by, serial.toString(16), reason);
        return new Outcome(List.of(serial), audited);
    }

    /** The VIN the CA issued the serial to, or null. */
    public @Nullable String vinOf(BigInteger serial) {
        return ca.vinOf(serial).orElse(null);
    }

    public X509CRL crl() {
        return ca.crl();
    }

    private boolean revoke(
            @Nullable String vin, List<BigInteger> serials, String by, String reason, Runnable revokeInCa) {
        VehicleCertificateRevoked event = new VehicleCertificateRevoked(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                serials.stream().map(s -> s.toString(16)).toList(),
                reason,
                by);
        AuditOutbox.Held held;
        synchronized (this) {
            held = outbox.hold(event);
            revokeInCa.run();
        }
        return outbox.deliver(held);
    }

    /** Sends what earlier attempts left in the outbox (package-private for tests). */
    void relayHeld() {
        try {
            for (AuditOutbox.Held held : outbox.held()) {
                boolean happened;
                synchronized (this) {
                    happened = held.event().serials().stream()
                            .allMatch(serial -> ca.isRevoked(new BigInteger(serial, 16)));
                }
                if (!happened) {
                    log.warn(
                            "dropping audit event {}: the CA never revoked {}",
                            held.event().eventId(),
                            held.event().serials());
                    outbox.drop(held);
                } else if (!outbox.deliver(held)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("audit relay failed, next attempt later: {}", e.toString());
        }
    }

    @Override
    public void close() {
        relay.shutdownNow();
    }
}
