package dev.ota.gateway.fleetca;

import dev.ota.contracts.events.FleetCertificateEvent;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends again, every {@code audit-retry-interval}, what issuances and revocations left in the {@link AuditOutbox}
 * (Kafka did not acknowledge in time, or the gateway died before sending).
 *
 * <p>An event is held before the CA acts, so a held event may stand for something that never happened (the process
 * died between the two writes). The relay sends only what the CA's files confirm: a revocation whose serials the CRL
 * lists, an issuance whose serial the index records under its VIN. An unconfirmed event is dropped once it is older
 * than {@link #UNFINISHED_AFTER}, not before: gateway replicas share the outbox, and another replica's relay may find an
 * event this one has just held and not yet acted on.
 */
@Component
class AuditRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditRelay.class);

    /** How old a held event must be before the relay may judge that what it records never happened. */
    static final Duration UNFINISHED_AFTER = Duration.ofMinutes(1);

    private final FleetCa ca;
    private final AuditOutbox outbox;
    private final ScheduledExecutorService relay;

    AuditRelay(FleetCa ca, AuditOutbox outbox, FleetCaProperties properties) {
        this.ca = ca;
        this.outbox = outbox;
        this.relay = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fleet-ca-audit-relay").daemon(true).factory());
        long every = properties.auditRetryInterval().toMillis();
        relay.scheduleWithFixedDelay(this::relayHeld, every, every, TimeUnit.MILLISECONDS);
    }

    /** Sends what earlier attempts left in the outbox (package-private for tests). */
    void relayHeld() {
        try {
            for (AuditOutbox.Held held : outbox.held()) {
                FleetCertificateEvent event = held.event();
                if (happened(event)) {
                    if (!outbox.deliver(held)) {
                        return;
                    }
                } else if (event.occurredAt().isBefore(Instant.now().minus(UNFINISHED_AFTER))) {
                    log.warn(
                            "dropping audit event {}: the fleet CA never did what it records: {}",
                            event.eventId(),
                            event);
                    outbox.drop(held);
                }
            }
        } catch (RuntimeException e) {
            log.warn("audit relay failed, next attempt later: {}", e.toString());
        }
    }

    /** Whether the CA's files show what the event records (they are read again if another replica changed them). */
    private boolean happened(FleetCertificateEvent event) {
        return switch (event) {
            case VehicleCertificateRevoked revoked ->
                revoked.serials().stream().allMatch(serial -> ca.isRevoked(new BigInteger(serial, 16)));
            case VehicleCertificateIssued issued ->
                ca.vinOf(new BigInteger(issued.serial(), 16))
                        .filter(issued.vin()::equals)
                        .isPresent();
        };
    }

    @Override
    public void close() {
        relay.shutdownNow();
    }
}
