package dev.ota.signing.director;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.BatchMessage;
import dev.ota.platform.messaging.Polled;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * The asks of one Kafka poll (a batch binding, read by {@link BatchMessage}), answered together by {@link
 * DirectorAnswers#answerAll}: one read of the stored metadata for the whole poll rather than one per ask. Other event
 * types are skipped.
 *
 * <p>Failures are the platform's shared batch handling in its now-or-never form ({@link
 * BatchFailures#consumeNowOrNever}): a record that is not an event, or an ask that fails for good alone, goes to
 * {@code ota.director.requests.dlq} with the reason headers. An ask that fails <b>transiently</b> (the database away)
 * is deliberately dropped, not retried: an ask is only worth answering now, and every vehicle asks again at its next
 * interval, so retrying would answer stale asks late while the fresh ones queue behind them. The drop is logged and
 * counted ({@code ota.consumer.dropped{group}}).
 */
final class DirectorAskBatches implements Consumer<Message<List<byte[]>>> {

    private final DirectorAnswers answers;
    private final BatchFailures failures;

    DirectorAskBatches(DirectorAnswers answers, BatchFailures failures) {
        this.answers = answers;
        this.failures = failures;
    }

    @Override
    public void accept(Message<List<byte[]>> message) {
        List<Polled<DirectorMetadataRequested>> poll = BatchMessage.poll(
                message,
                Topics.DIRECTOR_REQUESTS,
                origin -> EventCodec.decode(origin.payload())
                        .filter(DirectorMetadataRequested.class::isInstance)
                        .map(DirectorMetadataRequested.class::cast));
        failures.consumeNowOrNever(poll, answers::answerAll);
    }
}
