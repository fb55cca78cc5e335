package dev.ota.platform.messaging;

import org.jspecify.annotations.Nullable;

/**
 * One record of a poll as a batch consumer hands it to {@link BatchFailures}: where it was read, and either what the
 * consumer decoded from it or why it is not an event (decoding poison).
 *
 * @param <T> what the consumer applies, e.g. a decoded event
 */
public sealed interface Polled<T> {

    Origin origin();

    /**
     * Where a record was read: what its dead letter's headers name, and its place in the poll (what the container's
     * {@code BatchListenerFailedException} names when the poll stops at it).
     *
     * @param index the record's place in the poll's list, counting every record the container delivered
     * @param payload the record's value exactly as read, what a dead letter carries
     */
    record Origin(
            int index,
            String topic,
            int partition,
            long offset,
            @Nullable String key,
            byte[] payload) {

        /** {@code partition:offset}, the {@code ota-dlq-source-position} of a dead letter. */
        public String position() {
            return partition + ":" + offset;
        }
    }

    /** A record the consumer decoded into something it can apply. */
    record Decoded<T>(Origin origin, T value) implements Polled<T> {}

    /** A record the consumer refused while decoding: dead-lettered with {@code reason}, never applied. */
    record Refused<T>(Origin origin, String reason) implements Polled<T> {}
}
