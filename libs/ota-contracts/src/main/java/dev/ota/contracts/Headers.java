package dev.ota.contracts;

/** Kafka record header keys used across the platform. Values are UTF-8 strings. */
public final class Headers {

    /** Logical wire type of the event, e.g. {@code ota.ImageSigned.v1}. */
    public static final String EVENT_TYPE = "ota-event-type";
    /** The event's UUID; consumers deduplicate on it. */
    public static final String EVENT_ID = "ota-event-id";
    /** Why a record was sent to a dead-letter topic. */
    public static final String DEAD_LETTER_REASON = "ota-dlq-reason";
    /** Topic the dead-lettered record was read from. */
    public static final String DEAD_LETTER_SOURCE_TOPIC = "ota-dlq-source-topic";
    /** Partition and offset the dead-lettered record was read from, as {@code partition:offset}. */
    public static final String DEAD_LETTER_SOURCE_POSITION = "ota-dlq-source-position";
    /** Consumer group that gave up on the record. */
    public static final String DEAD_LETTER_CONSUMER = "ota-dlq-consumer";

    private Headers() {}
}
