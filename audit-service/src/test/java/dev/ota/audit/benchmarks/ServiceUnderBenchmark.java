package dev.ota.audit.benchmarks;

import dev.ota.audit.AuditServiceApplication;
import dev.ota.audit.TestEvents;
import dev.ota.audit.log.ReceivedEvent;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.testsupport.Infrastructure;
import dev.ota.testsupport.RealInfrastructure;
import dev.ota.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots the real service against real PostgreSQL and Kafka (as the integration tests do), in its own database. */
final class ServiceUnderBenchmark {

    private ServiceUnderBenchmark() {}

    static ConfigurableApplicationContext start(String database) {
        var infrastructure = RealInfrastructure.get();
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        // a benchmark group of its own (its database name), so the harness's identity rather than audit-service's
        infrastructure
                .kafkaClientProperties(Infrastructure.TEST_HARNESS)
                .forEach((key, value) -> properties.put("spring.kafka.properties." + key, value));
        properties.putAll(Map.ofEntries(
                Map.entry("spring.datasource.url", infrastructure.database(database)),
                Map.entry("spring.datasource.username", database),
                Map.entry("spring.datasource.password", database),
                Map.entry("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers()),
                Map.entry("spring.cloud.stream.kafka.binder.brokers", infrastructure.kafkaBootstrapServers()),
                Map.entry("spring.cloud.stream.default.group", database),
                Map.entry("ota.security.jwt.public-key-location", TestTokens.publicKeyLocation()),
                Map.entry("ota.security.jwt.jwk-set-uri", ""),
                Map.entry("ota.security.jwt.issuer", TestTokens.ISSUER),
                Map.entry("ota.audit.checkpoint.key-file", "target/bench-keys/" + database + ".ed25519"),
                Map.entry("ota.audit.checkpoint.generate-key-if-missing", "true"),
                Map.entry("ota.audit.checkpoint.interval", "PT1H"),
                Map.entry("server.port", "0"),
                Map.entry("logging.level.root", "WARN")));
        // As command-line arguments: they outrank application.yml, as the test context customizer's properties do.
        String[] args = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AuditServiceApplication.class).run(args);
    }

    /**
     * A batch for filling the log fast: one realistic {@code UpdateAssigned} encoded once, then copied with a fresh
     * event id, assignment id and VIN written into its bytes (same length, same shape), without a JSON round trip per
     * event.
     */
    static List<ReceivedEvent> fillBatch(int size) {
        ReceivedEvent template = batch(1).getFirst();
        String json = new String(template.payload(), StandardCharsets.UTF_8);
        String eventId = template.eventId().toString();
        String assignment = String.valueOf(template.assignmentId());
        String vin = String.valueOf(template.vin());
        List<ReceivedEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            UUID id = UUID.randomUUID();
            UUID assignmentId = UUID.randomUUID();
            String carVin =
                    "WVWZZZ1JZ" + (10_000_000 + ThreadLocalRandom.current().nextInt(9_000_000));
            byte[] payload = json.replace(eventId, id.toString())
                    .replace(assignment, assignmentId.toString())
                    .replace(vin, carVin)
                    .getBytes(StandardCharsets.UTF_8);
            events.add(new ReceivedEvent(
                    template.topic(),
                    carVin,
                    payload,
                    id,
                    template.eventType(),
                    Instant.now(),
                    carVin,
                    template.campaignId(),
                    assignmentId));
        }
        return events;
    }

    /** A batch of realistic events (an update assignment with one ECU target, about 600 bytes each). */
    static List<ReceivedEvent> batch(int size) {
        List<ReceivedEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String vin = "WVWZZZ1JZ" + (10_000_000 + (i * 7919) % 9_000_000);
            OtaEvent event = TestEvents.updateAssigned(
                    vin, UUID.randomUUID(), UUID.randomUUID(), TestEvents.brake("2.4.1", "ab"));
            events.add(ReceivedEvent.parse(event.topic(), event.key(), EventCodec.encode(event)));
        }
        return events;
    }
}
