package dev.ota.signing.director;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.platform.messaging.FailureClassifier;
import dev.ota.signing.tuf.MetadataStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The director's interface for primaries (Uptane 2.0 section 5.2: the director SHALL expose one from which primaries
 * download their metadata): answers a vehicle's {@link DirectorMetadataRequested} with its stored metadata as a
 * {@link DirectorMetadataAnswered} on {@code ota.director.answers}, which the gateway delivers.
 *
 * <p>Asks are cheap by construction: one primary-key read per ask, and nothing signed, except
 *
 * <ul>
 *   <li>a vehicle's very first ask when the director holds nothing for it: "nothing for you" targets are signed once
 *       and stored;
 *   <li>stored documents within the renewal margin ({@link Freshness}), which the scheduled job ({@link
 *       DirectorRefresh}) normally renewed before: signed again once, for everyone asking after.
 * </ul>
 *
 * A vehicle that already holds the stored targets version gets no answer, and one answered within {@code
 * answer-interval} is not answered again for the same documents ({@link RecentAnswers}), so a vehicle asking in a loop
 * makes the director neither sign nor send. The asks of one Kafka poll are read with one query
 * ({@link DirectorAskBatches}). The answer goes straight to Kafka, not through the outbox: it changes
 * nothing, and one lost is made good by the vehicle's next ask.
 */
@Service
class DirectorAnswers {

    private static final Logger log = LoggerFactory.getLogger(DirectorAnswers.class);

    private final VehicleMetadataRows rows;
    private final MetadataStore store;
    private final DirectorDocuments documents;
    private final Freshness freshness;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final RecentAnswers recent;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Counter> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private volatile Roots roots = new Roots(-1, Map.of());

    private record Roots(long version, Map<String, String> files) {}

    DirectorAnswers(
            VehicleMetadataRows rows,
            MetadataStore store,
            DirectorDocuments documents,
            Freshness freshness,
            KafkaTemplate<String, byte[]> otaKafkaTemplate,
            PlatformTransactionManager transactionManager,
            DirectorProperties properties,
            MeterRegistry meters) {
        this.rows = rows;
        this.store = store;
        this.documents = documents;
        this.freshness = freshness;
        this.kafka = otaKafkaTemplate;
        this.transactions = new TransactionTemplate(transactionManager);
        this.recent = new RecentAnswers(properties.answerInterval(), 1_000_000);
        this.meters = meters;
    }

    /**
     * Answers the asks of one poll: one read of the stored metadata for all of them, at most one answer per vehicle
     * (to the ask that knows least).
     *
     * @return the answers sent
     */
    List<DirectorMetadataAnswered> answerAll(List<DirectorMetadataRequested> asks) {
        Map<String, DirectorMetadataRequested> byVin = new LinkedHashMap<>();
        for (DirectorMetadataRequested ask : asks) {
            if (!MqttTopics.isVin(ask.vin())) {
                count("not_a_vin");
                log.warn("director ask {} for {} dropped: not a VIN", ask.eventId(), ask.vin());
                continue;
            }
            DirectorMetadataRequested before = byVin.putIfAbsent(ask.vin(), ask);
            if (before != null) {
                count("coalesced");
                if (ask.knownTargetsVersion() < before.knownTargetsVersion()) {
                    byVin.put(ask.vin(), ask);
                }
            }
        }
        Map<String, VehicleMetadataRows.WithRoot> stored = new HashMap<>();
        for (var row : rows.findAllWithRootVersion(byVin.keySet())) {
            stored.put(row.metadata().vin(), row);
        }
        Instant now = clock.instant();
        List<DirectorMetadataAnswered> answered = new ArrayList<>();
        for (DirectorMetadataRequested ask : byVin.values()) {
            answer(ask, stored.get(ask.vin()), now).ifPresent(answered::add);
        }
        return answered;
    }

    private Optional<DirectorMetadataAnswered> answer(
            DirectorMetadataRequested ask, VehicleMetadataRows.@Nullable WithRoot found, Instant now) {
        String vin = ask.vin();
        VehicleMetadata stored;
        long rootVersion;
        if (found == null) {
            stored = Objects.requireNonNull(transactions.execute(status -> firstAsk(vin, now)));
            rootVersion = -1;
        } else {
            stored = found.metadata();
            rootVersion = found.rootVersion();
        }
        if (stored.documents().versions().targets() <= ask.knownTargetsVersion()) {
            count("up_to_date");
            return Optional.empty();
        }
        if (freshness.due(stored.documents(), now)) {
            stored = Objects.requireNonNull(transactions.execute(status -> renew(vin, now)));
        }
        if (!recent.firstWithin(vin, stored.documents().versions(), System.nanoTime())) {
            count("coalesced");
            return Optional.empty();
        }
        var answer = new DirectorMetadataAnswered(
                UUID.randomUUID(),
                now,
                vin,
                ask.eventId(),
                stored.documents().versions().targets(),
                stored.assignmentId(),
                stored.campaignId(),
                stored.conditions(),
                files(stored.documents(), rootVersion));
        try {
            kafka.send(EventRecords.of(answer.topic(), vin, EventCodec.encode(answer), answer.type(), answer.eventId()))
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            notSent(vin, failure);
                        }
                    });
        } catch (RuntimeException failure) {
            notSent(vin, failure);
            return Optional.empty();
        }
        count("answered");
        return Optional.of(answer);
    }

    /** The vehicle asks again at its next interval, and is answered then. */
    private void notSent(String vin, Throwable failure) {
        log.warn("answer to {} not sent: {}", vin, FailureClassifier.describe(failure));
        recent.forget(vin);
    }

    /** The vehicle has nothing stored: "nothing for you" targets, signed once (unless an assignment came first). */
    private VehicleMetadata firstAsk(String vin, Instant now) {
        rows.lockVehicle(vin);
        return rows.find(vin).orElseGet(() -> {
            var nothing = new VehicleMetadata(
                    vin, documents.nothing(DirectorDocuments.Versions.NONE.next(), now), null, null, null);
            rows.save(nothing);
            count("first_ask_signed");
            return nothing;
        });
    }

    /** The stored documents near expiry: signed again now, unless someone did meanwhile. */
    private VehicleMetadata renew(String vin, Instant now) {
        rows.lockVehicle(vin);
        VehicleMetadata current = rows.find(vin).orElseThrow();
        if (!freshness.due(current.documents(), now)) {
            return current;
        }
        VehicleMetadata renewed = current.withDocuments(freshness.renew(documents, current.documents(), now));
        rows.save(renewed);
        count("renewed_on_ask");
        return renewed;
    }

    /** Every director root (the vehicle may need the rotation chain) and the three documents. */
    private Map<String, String> files(DirectorDocuments.Issued issued, long rootVersion) {
        Roots known = roots;
        if (known.version() != rootVersion || rootVersion < 0) {
            var files = new LinkedHashMap<String, String>();
            long newest = -1;
            for (var root : store.roots(MetadataStore.DIRECTOR)) {
                files.put(root.version() + ".root.json", root.document());
                newest = Math.max(newest, root.version());
            }
            known = new Roots(newest, Map.copyOf(files));
            roots = known;
        }
        var all = new LinkedHashMap<String, String>(known.files());
        all.putAll(issued.files());
        return all;
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("ota.director.asks")
                                .description("vehicles' asks for director metadata, by outcome")
                                .tag("outcome", o)
                                .register(meters))
                .increment();
    }
}
