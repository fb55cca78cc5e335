package dev.ota.signing.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.signing.SigningServiceIntegrationTest;
import dev.ota.testsupport.KafkaTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * BENCHMARK, not part of the test run (surefire excludes {@code benchmarks/**}): vehicles' director asks answered per
 * second by a real signing-service on real PostgreSQL and Kafka, from stored metadata. {@code ota.bench.vehicles}
 * (10,000) vehicles first ask once, which signs and stores "nothing for you" targets for each (set-up, not timed);
 * then rounds of one ask per vehicle are written to {@code ota.director.requests} as fast as a producer can, and timed
 * from the first ask sent until the service has handled the last:
 *
 * <ul>
 *   <li><b>answered</b>: asks naming no known version, each answered with the vehicle's full metadata (every root,
 *       targets, snapshot, timestamp) on {@code ota.director.answers}: the worst case, a fleet that lost its pushes;
 *   <li><b>up to date</b>: asks naming the stored version, which the director checks and leaves unanswered: a fleet in
 *       its steady state.
 * </ul>
 *
 * Rounds are 4 s apart so that no ask is coalesced with the previous round's (the tests' answer interval is 3 s). The
 * number of signatures during the timed rounds must stay 0. Run (nothing else running, for figures worth writing
 * down):
 *
 * <pre>
 * ./mvnw -B -o -pl signing-service -am verify -Dtest=DirectorAskBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Prints lines prefixed {@code [director-asks]} and appends them to {@code signing-service/target/director-ask-benchmark.txt}.
 * Target (issue #16): at least 5,000 asks answered per second.
 */
class DirectorAskBenchmark extends SigningServiceIntegrationTest {

    private static final int VEHICLES = Integer.getInteger("ota.bench.vehicles", 10_000);
    private static final int ROUNDS = Integer.getInteger("ota.bench.rounds", 5);
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Autowired
    MeterRegistry meters;

    @Test
    void answersVehiclesAsksFromStoredMetadata() throws Exception {
        List<String> vins = new ArrayList<>(VEHICLES);
        String tag =
                UUID.randomUUID().toString().replace("-", "").substring(0, 6).toUpperCase(Locale.ROOT);
        for (int i = 0; i < VEHICLES; i++) {
            vins.add("BNC" + tag.replaceAll("[IOQ]", "X") + String.format(Locale.ROOT, "%08d", i));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestClient.harness(java.util.Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024)))) {
            double setUp = round(producer, vins, 0, "first_ask_signed");
            log(
                    "set-up: %d vehicles asked first, nothing-for-you targets signed and stored for each: %.0f asks/s",
                    VEHICLES, setUp);
            List<Double> answered = new ArrayList<>();
            List<Double> upToDate = new ArrayList<>();
            double signedBefore = signatures();
            for (int r = 0; r < ROUNDS + 1; r++) {
                Thread.sleep(4_000);
                double a = round(producer, vins, 0, "answered");
                Thread.sleep(4_000);
                double u = round(producer, vins, 1, "up_to_date");
                if (r == 0) {
                    log("warm-up round: answered %.0f asks/s, up to date %.0f asks/s", a, u);
                    continue;
                }
                answered.add(a);
                upToDate.add(u);
                log("round %d: answered %.0f asks/s, up to date %.0f asks/s", r, a, u);
            }
            double signedDuring = signatures() - signedBefore;
            log(
                    "median of %d rounds, %d vehicles: answered %.0f asks/s %s, up to date %.0f asks/s %s;"
                            + " signatures during the timed rounds: %.0f",
                    ROUNDS, VEHICLES, median(answered), answered, median(upToDate), upToDate, signedDuring);
            assertThat(signedDuring).as("nothing signed to answer asks").isZero();
        }
    }

    /** Sends one ask per vehicle and waits until the service counted them all under {@code outcome}; asks/s. */
    private double round(KafkaProducer<String, byte[]> producer, List<String> vins, long known, String outcome)
            throws Exception {
        List<ProducerRecord<String, byte[]>> asks = new ArrayList<>(vins.size());
        for (String vin : vins) {
            var ask = new DirectorMetadataRequested(UUID.randomUUID(), Instant.now(), vin, known);
            asks.add(EventRecords.of(ask.topic(), vin, EventCodec.encode(ask), ask.type(), ask.eventId()));
        }
        double before = count(outcome);
        long started = System.nanoTime();
        for (var ask : asks) {
            producer.send(ask);
        }
        producer.flush();
        long deadline = started + LIMIT.toNanos();
        while (count(outcome) - before < vins.size()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + (count(outcome) - before) + " of " + vins.size() + " asks were "
                        + outcome + " within " + LIMIT);
            }
            Thread.sleep(5);
        }
        return vins.size() / ((System.nanoTime() - started) / 1e9);
    }

    private double count(String outcome) {
        Counter counter =
                meters.find("ota.director.asks").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double signatures() {
        return meters.find("ota.director.signatures").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void log(String format, Object... args) throws IOException {
        String line = String.format(Locale.ROOT, "[director-asks] " + format, args) + " (load average "
                + String.format(
                        Locale.ROOT,
                        "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + ")";
        System.out.println(line);
        Path out = Path.of("target", "director-ask-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
