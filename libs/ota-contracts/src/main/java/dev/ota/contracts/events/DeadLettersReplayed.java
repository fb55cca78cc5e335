package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An operator replayed records of a dead-letter topic through the service that had dead-lettered them, after a fix.
 *
 * @param service the service that replayed them (and had dead-lettered them)
 * @param topic where this event is recorded: a topic the service owns and the audit log reads
 * @param deadLetterTopic the dead-letter topic the records were taken from, e.g. {@code ota.vehicle.reports.dlq}
 * @param replayedBy who asked (the caller's name from the token)
 * @param records each record asked for, with what became of it
 */
public record DeadLettersReplayed(
        UUID eventId,
        Instant occurredAt,
        String service,
        String topic,
        String deadLetterTopic,
        String replayedBy,
        List<Record> records)
        implements OperatorEvent {

    public DeadLettersReplayed {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(service, "service");
        Require.text(topic, "topic");
        Require.text(deadLetterTopic, "deadLetterTopic");
        Require.text(replayedBy, "replayedBy");
        records = Require.list(records);
    }

    @Override
    public String key() {
        return service;
    }

    /**
     * One replayed record.
     *
     * @param position its place in the dead-letter topic, {@code partition:offset}
     * @param sourcePosition where it had been read, {@code partition:offset} of the source topic
     * @param replayedEventId the event id it carried, null when it was not an event
     * @param eventType its wire type, null when it was not an event
     * @param outcome what became of it: {@code APPLIED}, {@code ALREADY_APPLIED}, {@code NOT_HANDLED}, {@code
     *     DEAD_LETTERED} (refused again, a new dead letter with the new reason), {@code FAILED_TRANSIENTLY} (not
     *     dead-lettered again; replay it later), {@code NOT_FOUND}, {@code NOT_THIS_SERVICE}
     * @param detail the reason of a refusal or failure
     */
    public record Record(
            String position,
            @Nullable String sourcePosition,
            @Nullable UUID replayedEventId,
            @Nullable String eventType,
            String outcome,
            @Nullable String detail) {

        public Record {
            Require.text(position, "position");
            Require.text(outcome, "outcome");
        }
    }
}
