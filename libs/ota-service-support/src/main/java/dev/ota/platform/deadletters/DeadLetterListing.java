package dev.ota.platform.deadletters;

import dev.ota.contracts.Topics;
import dev.ota.platform.messaging.InboundConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The service's own dead letters of one topic: the records of {@code <topic>.dlq} whose {@code ota-dlq-consumer} is
 * this service (other consumers of the same topic dead-letter into the same topic), with the consumers of this
 * service whose inbox shows the event applied.
 */
public class DeadLetterListing {

    private final String service;
    private final DeadLetterReader reader;
    private final ReplayableConsumers consumers;
    private final JdbcClient jdbc;

    public DeadLetterListing(String service, DeadLetterReader reader, ReplayableConsumers consumers, JdbcClient jdbc) {
        this.service = service;
        this.reader = reader;
        this.consumers = consumers;
        this.jdbc = jdbc;
    }

    /**
     * One dead letter as listed.
     *
     * @param appliedBy the consumers of this service that have applied its event (their inbox holds its id), e.g.
     *     after a replay, or a consumer that did not refuse it
     */
    public record Listed(DeadLetter letter, Set<String> appliedBy) {}

    /**
     * @param letters the first {@code limit} of them, by partition and offset
     * @param matching how many there are
     */
    public record Listing(List<Listed> letters, long matching) {}

    /**
     * @param reasonContains only dead letters whose reason contains this text (empty: all)
     */
    public Listing list(String topic, String reasonContains, int limit) {
        DeadLetterReader.Scan scan = reader.scan(
                Topics.deadLetter(topic),
                letter -> letter.consumer().equals(service) && letter.reason().contains(reasonContains),
                limit);
        Map<UUID, Set<String>> applied = appliedBy(scan.letters());
        return new Listing(
                scan.letters().stream()
                        .map(letter -> new Listed(
                                letter,
                                letter.eventId()
                                        .map(id -> applied.getOrDefault(id, Set.of()))
                                        .orElse(Set.of())))
                        .toList(),
                scan.matching());
    }

    private Map<UUID, Set<String>> appliedBy(List<DeadLetter> letters) {
        List<UUID> ids =
                letters.stream().flatMap(l -> l.eventId().stream()).distinct().toList();
        List<String> names = consumers.all().stream()
                .filter(InboundConsumer::deduplicated)
                .map(InboundConsumer::name)
                .toList();
        Map<UUID, Set<String>> applied = new HashMap<>();
        if (ids.isEmpty() || names.isEmpty()) {
            return applied;
        }
        // by (consumer, event_id), the inbox's key: no scan of a table that holds every event of 14 days
        jdbc.sql("select consumer, event_id from inbox_event where consumer in (:consumers) and event_id in (:ids)")
                .param("consumers", names)
                .param("ids", ids)
                .query((rs, n) -> applied.computeIfAbsent(rs.getObject("event_id", UUID.class), id -> new TreeSet<>())
                        .add(rs.getString("consumer")))
                .list();
        return applied;
    }
}
