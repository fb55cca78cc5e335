package dev.ota.health.outcome;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.platform.messaging.Polled;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Consumes beacons a whole poll at a time. Each record is decoded in one pass ({@link BeaconReader}); malformed ones are
 * dead-lettered with their reason; those that add nothing are dropped by the {@link BeaconGate}; all the others are
 * applied in <em>one</em> transaction ({@link AssignmentOutcomes#beacons}). A beacon from a VIN that is not its
 * assignment's is refused there and dead-lettered here with the reason ({@code vin_mismatch: ...}); one whose assignment
 * is not known yet waits for it.
 *
 * <p>Failures are the platform's shared batch handling ({@link BatchFailures}): a poll that fails transiently (the
 * database away) is retried whole by the container, without limit; one that fails for good is applied again one beacon
 * per transaction, so that only a beacon the service can never store (or rejects) is dead-lettered and the rest go on.
 * Redelivery is harmless: applying a beacon is a monotone merge.
 */
class BeaconBatches {

    private final AssignmentOutcomes outcomes;
    private final BeaconGate gate;
    private final DeadLetters deadLetters;
    private final BatchFailures failures;
    private final Counter applied;
    private final Counter skipped;
    private final Counter waiting;

    BeaconBatches(
            AssignmentOutcomes outcomes,
            BeaconGate gate,
            DeadLetters deadLetters,
            BatchFailures failures,
            MeterRegistry meters) {
        this.outcomes = outcomes;
        this.gate = gate;
        this.deadLetters = deadLetters;
        this.failures = failures;
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
        List<Polled<Pending>> poll = new ArrayList<>();
        int dropped = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            byte[] payload = record.value();
            Polled.Origin origin = new Polled.Origin(
                    i,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    payload == null ? new byte[0] : payload);
            Optional<OtaEvent> decoded;
            try {
                if (payload == null) {
                    throw new MalformedEventException("empty record");
                }
                decoded = BeaconReader.read(payload);
            } catch (MalformedEventException malformed) {
                poll.add(new Polled.Refused<>(origin, String.valueOf(malformed.getMessage())));
                continue;
            }
            if (decoded.isEmpty() || !(decoded.get() instanceof HealthBeacon beacon)) {
                continue;
            }
            if (gate.addsNothing(beacon)) {
                dropped++;
                continue;
            }
            poll.add(new Polled.Decoded<>(origin, new Pending(origin, beacon)));
        }
        skipped.increment(dropped);
        failures.consume(poll, this::apply);
    }

    /** Applies beacons in one transaction, then settles each: the whole poll's, or (after it failed for good) one. */
    private void apply(List<Pending> pending) {
        AssignmentOutcomes.Applied result =
                outcomes.beacons(pending.stream().map(Pending::beacon).toList());
        for (int k = 0; k < pending.size(); k++) {
            settle(pending.get(k), result, k);
        }
    }

    /**
     * Remembers an applied beacon's facts (only applied ones: a refused or waiting beacon proves nothing about its
     * assignment) and dead-letters a refused one with its reason.
     */
    private void settle(Pending p, AssignmentOutcomes.Applied result, int position) {
        String refusal = result.refused().get(position);
        if (refusal != null) {
            Polled.Origin origin = p.origin();
            deadLetters.send(origin.topic(), origin.key(), origin.payload(), origin.position(), refusal);
        } else if (result.waiting().contains(position)) {
            waiting.increment();
        } else {
            gate.remember(p.beacon(), result.finals().contains(p.beacon().assignmentId()));
            applied.increment();
        }
    }

    private record Pending(Polled.Origin origin, HealthBeacon beacon) {}
}
