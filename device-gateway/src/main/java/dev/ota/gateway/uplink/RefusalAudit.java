package dev.ota.gateway.uplink;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.uptane.crypto.Hashing;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Records the gateway's refusals in the audit log: a {@link VehicleMessageRefused} on the gateway's own topic
 * ({@code ota.edge.refusals}, which only the gateway may write), keyed by the VIN of the sender's certificate. The
 * record names the refusal and holds the payload's length and hash, not its bytes (those are in the dead-letter
 * topic). Within the {@link RefusalBudget} only.
 */
final class RefusalAudit {

    private final KafkaTemplate<String, byte[]> kafka;
    private final RefusalBudget budget;
    private final Clock clock;

    RefusalAudit(KafkaTemplate<String, byte[]> kafka, RefusalBudget budget, Clock clock) {
        this.kafka = kafka;
        this.budget = budget;
        this.clock = clock;
    }

    /** The audit record of the gateway's refusal, or empty when the sender's budget for this window is spent. */
    Optional<VehicleMessageRefused> recordOf(UplinkVerdict.Refuse refusal, String mqttTopic, byte[] payload) {
        return recordOf(refusal.sender(), mqttTopic, refusal.refusal().name(), refusal.detail(), payload);
    }

    /**
     * The audit record of a refusal (the gateway's or the broker's), or empty when the sender's budget for this window
     * is spent.
     *
     * @param sender the VIN of the sending certificate; null when no identity was stamped
     */
    Optional<VehicleMessageRefused> recordOf(
            @Nullable String sender, String mqttTopic, String reason, String detail, byte[] payload) {
        String who = Objects.requireNonNullElse(sender, VehicleMessageRefused.UNIDENTIFIED);
        OptionalLong alsoRefused = budget.take(who);
        if (alsoRefused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VehicleMessageRefused(
                UUID.randomUUID(),
                clock.instant(),
                who,
                mqttTopic,
                reason,
                detail,
                payload.length,
                Hashing.sha256Hex(payload),
                alsoRefused.getAsLong()));
    }

    /** Sends the record without waiting: the future completes with Kafka's acknowledgement, or fails. */
    CompletableFuture<?> sendLater(VehicleMessageRefused refused) {
        return kafka.send(EventRecords.of(
                refused.topic(), refused.key(), EventCodec.encode(refused), refused.type(), refused.eventId()));
    }

    /** Sends the record and waits for Kafka's acknowledgement; throws if it was not taken. */
    void send(VehicleMessageRefused refused) {
        try {
            kafka.send(EventRecords.of(
                            refused.topic(),
                            refused.key(),
                            EventCodec.encode(refused),
                            refused.type(),
                            refused.eventId()))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a refusal", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new IllegalStateException("could not record a refusal of " + refused.sender(), e);
        }
    }
}
