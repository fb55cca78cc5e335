package dev.ota.health.outcome;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.messaging.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Consumes beacons a whole poll at a time (batch-mode binding): one call per poll instead of one per record. Each
 * record is decoded, malformed ones are dead-lettered with their reason, those that add nothing are dropped by the
 * {@link BeaconGate}, and only the rest open a transaction. A failure of that transaction fails the batch, which the
 * binder redelivers: harmless, since applying a beacon is a monotone merge.
 */
class BeaconBatches implements Consumer<Message<List<byte[]>>> {

    private final AssignmentOutcomes outcomes;
    private final BeaconGate gate;
    private final DeadLetters deadLetters;
    private final Counter applied;
    private final Counter skipped;

    BeaconBatches(AssignmentOutcomes outcomes, BeaconGate gate, DeadLetters deadLetters, MeterRegistry meters) {
        this.outcomes = outcomes;
        this.gate = gate;
        this.deadLetters = deadLetters;
        this.applied =
                Counter.builder("ota.health.beacons").tag("result", "applied").register(meters);
        this.skipped = Counter.builder("ota.health.beacons")
                .tag("result", "nothing-new")
                .register(meters);
    }

    @Override
    public void accept(Message<List<byte[]>> batch) {
        List<byte[]> payloads = batch.getPayload();
        int dropped = 0;
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            Optional<OtaEvent> decoded;
            try {
                decoded = EventCodec.decode(payload);
            } catch (MalformedEventException malformed) {
                deadLetter(batch.getHeaders(), i, payload, String.valueOf(malformed.getMessage()));
                continue;
            }
            if (decoded.isEmpty() || !(decoded.get() instanceof HealthBeacon beacon)) {
                continue;
            }
            if (gate.addsNothing(beacon)) {
                dropped++;
                continue;
            }
            try {
                gate.remember(beacon, outcomes.beacon(beacon));
            } catch (MalformedEventException rejected) {
                deadLetter(batch.getHeaders(), i, payload, String.valueOf(rejected.getMessage()));
                continue;
            }
            applied.increment();
        }
        skipped.increment(dropped);
    }

    private void deadLetter(MessageHeaders headers, int index, byte[] payload, String reason) {
        Object key = element(headers.get(KafkaHeaders.RECEIVED_KEY), index);
        Object topic = element(headers.get(KafkaHeaders.RECEIVED_TOPIC), index);
        deadLetters.send(
                topic == null ? Topics.VEHICLE_HEALTH : topic.toString(),
                key == null ? null : key instanceof byte[] bytes ? new String(bytes) : key.toString(),
                payload,
                element(headers.get(KafkaHeaders.RECEIVED_PARTITION), index) + ":"
                        + element(headers.get(KafkaHeaders.OFFSET), index),
                reason);
    }

    private static @Nullable Object element(@Nullable Object header, int index) {
        if (header instanceof List<?> list) {
            return index < list.size() ? list.get(index) : null;
        }
        return header;
    }
}
