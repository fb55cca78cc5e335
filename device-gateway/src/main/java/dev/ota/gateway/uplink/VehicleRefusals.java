package dev.ota.gateway.uplink;

import dev.ota.contracts.events.VehicleMessageRefused;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit log what another part of the gateway refused a vehicle: a director ask or a certificate request
 * the relays would not forward. Same record, topic, key (the VIN of the sending certificate) and per-sender budget as
 * the uplink's own refusals. Sent without waiting: the relays acknowledge the MQTT message at once, so a record Kafka
 * does not take is logged and counted in {@code ota.gateway.uplink.refusals_not_audited}, and a refusal never holds up
 * the asks of other vehicles.
 */
public final class VehicleRefusals {

    private static final Logger log = LoggerFactory.getLogger(VehicleRefusals.class);

    private final RefusalAudit audit;
    private final UplinkMetrics metrics;

    VehicleRefusals(RefusalAudit audit, UplinkMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
    }

    /**
     * Records one refusal within the sender's budget.
     *
     * @param sender the VIN the broker stamped for the sending certificate; null when none was stamped
     * @param mqttTopic the topic the vehicle published on
     * @param reason the refusal's name, e.g. {@code DIRECTOR_ASK_VIN_MISMATCH}
     * @param detail what was wrong, in words
     * @param payload what the vehicle sent (only its length and hash are recorded)
     */
    public void record(@Nullable String sender, String mqttTopic, String reason, String detail, byte[] payload) {
        audit.recordOf(sender, mqttTopic, reason, detail, payload)
                .ifPresentOrElse(this::send, metrics::refusalNotAudited);
    }

    private void send(VehicleMessageRefused refused) {
        try {
            audit.sendLater(refused).whenComplete((sent, failure) -> {
                if (failure != null) {
                    notRecorded(refused, failure);
                }
            });
        } catch (RuntimeException failure) {
            notRecorded(refused, failure);
        }
    }

    private void notRecorded(VehicleMessageRefused refused, Throwable failure) {
        metrics.refusalNotAudited();
        log.warn(
                "refusal {} of {} not recorded in the audit log: {}",
                refused.reason(),
                refused.sender(),
                failure.toString());
    }
}
