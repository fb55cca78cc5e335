package dev.ota.health.outcome;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.messaging.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Consumes beacons a whole poll at a time. Each record is decoded in one pass ({@link BeaconReader}); malformed ones are
 * dead-lettered with their reason; those that add nothing are dropped by the {@link BeaconGate}; all the others are
 * applied in <em>one</em> transaction ({@link AssignmentOutcomes#beacons}). A beacon from a VIN that is not its
 * assignment's is refused there and dead-lettered here with the reason ({@code vin_mismatch: ...}); one whose assignment
 * is not known yet waits for it.
 *
 * <p>When that transaction fails, the poll is applied again one beacon per transaction, so one poison record cannot
 * take the others with it: a beacon the service rejects is dead-lettered at once and the rest go on; any other failure
 * is reported as a {@link BatchListenerFailedException} naming the record, so the container commits what came before
 * it, retries from it, and after the retries dead-letters that record alone and continues with the rest (see {@link
 * BeaconListenerConfiguration}). Redelivery is harmless: applying a beacon is a monotone merge.
 */
class BeaconBatches {

    private static final Logger log = LoggerFactory.getLogger(BeaconBatches.class);

    private final AssignmentOutcomes outcomes;
    private final BeaconGate gate;
    private final DeadLetters deadLetters;
    private final Counter applied;
    private final Counter skipped;
    private final Counter waiting;

    BeaconBatches(AssignmentOutcomes outcomes, BeaconGate gate, DeadLetters deadLetters, MeterRegistry meters) {
        this.outcomes = outcomes;
        this.gate = gate;
        this.deadLetters = deadLetters;
        this.applied =
                Counter.builder("ota.health.beacons").tag("result", "applied").register(meters);
        this.skipped = Counter.builder("ota.health.beacons")
                .tag("result", "nothing-new")
                .register(meters);
        this.waiting = Counter.builder("ota.health.beacons")
                .tag("result", "waiting-for-assignment")
                .register(meters);
    }

    void accept(List<ConsumerRecord<String, byte[]>> records) {
        List<Pending> pending = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            Optional<OtaEvent> decoded;
            try {
                byte[] payload = record.value();
                if (payload == null) {
                    throw new MalformedEventException("empty record");
                }
                decoded = BeaconReader.read(payload);
            } catch (MalformedEventException malformed) {
                deadLetter(record, String.valueOf(malformed.getMessage()));
                continue;
            }
            if (decoded.isEmpty() || !(decoded.get() instanceof HealthBeacon beacon)) {
                continue;
            }
            if (gate.addsNothing(beacon)) {
                dropped++;
                continue;
            }
            pending.add(new Pending(i, beacon));
        }
        skipped.increment(dropped);
        if (pending.isEmpty()) {
            return;
        }
        AssignmentOutcomes.Applied result;
        try {
            result = outcomes.beacons(pending.stream().map(Pending::beacon).toList());
        } catch (RuntimeException batchFailed) {
            log.warn(
                    "a poll of {} beacons failed as a whole, applying them one by one: {}",
                    pending.size(),
                    batchFailed.toString());
            oneByOne(records, pending);
            return;
        }
        for (int k = 0; k < pending.size(); k++) {
            settle(records, pending.get(k), result, k);
        }
    }

    /**
     * Remembers an applied beacon's facts (only applied ones: a refused or waiting beacon proves nothing about its
     * assignment) and dead-letters a refused one with its reason.
     */
    private void settle(
            List<ConsumerRecord<String, byte[]>> records, Pending p, AssignmentOutcomes.Applied result, int position) {
        String refusal = result.refused().get(position);
        if (refusal != null) {
            deadLetter(records.get(p.index()), refusal);
        } else if (result.waiting().contains(position)) {
            waiting.increment();
        } else {
            gate.remember(p.beacon(), result.finals().contains(p.beacon().assignmentId()));
            applied.increment();
        }
    }

    private void oneByOne(List<ConsumerRecord<String, byte[]>> records, List<Pending> pending) {
        for (Pending p : pending) {
            try {
                settle(records, p, outcomes.beacons(List.of(p.beacon())), 0);
            } catch (MalformedEventException rejected) {
                deadLetter(records.get(p.index()), String.valueOf(rejected.getMessage()));
            } catch (RuntimeException failed) {
                throw new BatchListenerFailedException("beacon could not be applied", failed, p.index());
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        byte[] payload = record.value();
        deadLetters.send(
                record.topic(),
                record.key(),
                payload == null ? new byte[0] : payload,
                record.partition() + ":" + record.offset(),
                reason);
    }

    private record Pending(int index, HealthBeacon beacon) {}
}
