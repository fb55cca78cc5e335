package dev.ota.campaign.registry;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.ManifestRefused;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.platform.outbox.Outbox;
import dev.ota.uptane.manifest.ManifestRefusal;
import dev.ota.uptane.manifest.ManifestVerdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A refused manifest is recorded, counted and dead-lettered: {@link ManifestRefused} goes to the outbox in its own
 * transaction (the one that verified the manifest rolls back, so nothing the manifest said is kept), the counter {@code
 * ota.manifests.refused} goes up under the refusal's name, and the exception thrown sends the raw report to {@code
 * ota.vehicle.reports.dlq} with the same reason. The event id is derived from the report's, so a redelivered report
 * is refused into the audit log once.
 */
@Component
public class ManifestRefusals {

    private static final Logger log = LoggerFactory.getLogger(ManifestRefusals.class);

    private final Outbox outbox;
    private final Clock clock;
    private final Map<ManifestRefusal, Counter> counters = new EnumMap<>(ManifestRefusal.class);

    ManifestRefusals(Outbox outbox, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.clock = clock;
        for (ManifestRefusal reason : ManifestRefusal.values()) {
            counters.put(
                    reason,
                    Counter.builder("ota.manifests.refused")
                            .description("vehicle version manifests not believed, by reason")
                            .tag("reason", reason.name())
                            .register(meters));
        }
    }

    /** Records the refusal in the audit trail (committed on its own), counts it, and throws to dead-letter the report. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public MalformedEventException refuse(ManifestReported report, ManifestVerdict.Refused refused) {
        outbox.publish(new ManifestRefused(
                idOf(report),
                clock.instant(),
                report.vin(),
                report.eventId(),
                refused.reason().name(),
                refused.detail()));
        Objects.requireNonNull(counters.get(refused.reason()), "a counter per reason")
                .increment();
        log.warn("manifest {} of {} refused: {}", report.eventId(), report.vin(), refused.describe());
        return new MalformedEventException("manifest refused: " + refused.describe());
    }

    static UUID idOf(ManifestReported report) {
        return UUID.nameUUIDFromBytes(("ManifestRefused:" + report.eventId()).getBytes(StandardCharsets.UTF_8));
    }
}
