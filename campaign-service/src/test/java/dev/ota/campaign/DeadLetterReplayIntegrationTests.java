package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistration;
import dev.ota.campaign.registry.VehicleRegistration.EcuRegistration;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DeadLettersReplayed;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Dead letters an operator can work with: a vehicle's first manifest, sent before the factory registered the vehicle,
 * is dead-lettered (the 5,000 demo records); an administrator lists it with its reason, replays it too early
 * (refused again, a new dead letter with the new reason), registers the vehicle, replays it (applied), replays it once
 * more (nothing changes), and every replay is in the audit trail with who did it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "campaign")
class DeadLetterReplayIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEAD_LETTERS = "/api/admin/dead-letters/" + Topics.VEHICLE_REPORTS;

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Test
    void
            aManifestDeadLetteredBeforeItsVehicleWasRegisteredIsListedWithItsReasonAndAppliedOnceWhenReplayedAfterTheFix() {
        Api api = new Api(port);
        String vin = new Fleet(registry, images).vin(0);
        ManifestReported report = new ManifestReported(
                UUID.randomUUID(), Instant.now(), vin, Fleet.manifest(vin, brakeImage(), 48.1, 11.6));
        KafkaTestClient.send(report);

        // listed, with the reason the registry gave and the consumer that did not refuse it
        JsonNode listed = await().atMost(WAIT)
                .until(() -> deadLettersOf(api, report.eventId()), l -> l.size() == 1)
                .getFirst();
        assertThat(listed.path("reason").asString()).startsWith("manifest refused: UNREGISTERED_VEHICLE");
        assertThat(listed.path("consumer").asString()).isEqualTo("campaign-service");
        assertThat(listed.path("key").asString()).isEqualTo(vin);
        assertThat(listed.path("eventType").asString()).isEqualTo("ota.ManifestReported.v1");
        assertThat(listed.path("sourcePosition").asString()).matches("\\d+:\\d+");
        assertThat(listed.path("valuePreview").asString()).contains(vin);
        // the rollout's consumer of the same topic (its own group) applied it: a manifest is no progress report
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(strings(
                                deadLettersOf(api, report.eventId()).getFirst().path("appliedBy")))
                        .containsExactly("campaign-vehicle-reports"));
        String position = listed.path("position").asString();

        // only administrators
        assertThat(api.get("olga", "FLEET_OPS", DEAD_LETTERS).status()).isEqualTo(403);
        assertThat(api.post("olga", "FLEET_OPS", DEAD_LETTERS + "/replay", Map.of("positions", List.of(position)))
                        .status())
                .isEqualTo(403);
        assertThat(api.get("admin", "ADMIN", "/api/admin/dead-letters/ota.audit.checkpoints")
                        .status())
                .as("a topic the service does not read")
                .isEqualTo(404);

        // replayed before the fix: refused again, a new dead letter with the reason of now
        Api.Reply early = replay(api, position);
        assertThat(early.status()).isEqualTo(200);
        assertThat(outcome(early)).isEqualTo("DEAD_LETTERED");
        assertThat(early.body().path("records").get(0).path("detail").asString())
                .startsWith("manifest refused: UNREGISTERED_VEHICLE");
        await().atMost(WAIT).until(() -> deadLettersOf(api, report.eventId()), l -> l.size() == 2);

        register(vin);
        Api.Reply applied = replay(api, position);
        assertThat(outcome(applied)).isEqualTo("APPLIED");
        assertThat(applied.body()
                        .path("records")
                        .get(0)
                        .path("consumers")
                        .path("campaign-manifests")
                        .asString())
                .isEqualTo("APPLIED");
        Api.Reply again = replay(api, position);
        assertThat(outcome(again)).isEqualTo("ALREADY_APPLIED");

        // what a user sees: the vehicle's verified manifest, the inventory's fact published once
        Api.Reply vehicle = api.get("admin", "ADMIN", "/api/vehicles/" + vin);
        assertThat(vehicle.body().path("manifestVerified").asBoolean()).isTrue();
        assertThat(vehicle.body().path("manifestAt").asString()).isNotEmpty();
        KafkaTestClient.await(Topics.VEHICLE_INVENTORY, r -> verifies(r, report), WAIT);
        await().pollDelay(Duration.ofSeconds(2))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(KafkaTestClient.readAll(Topics.VEHICLE_INVENTORY).stream()
                                .filter(r -> verifies(r, report))
                                .count())
                        .isEqualTo(1));
        assertThat(deadLettersOf(api, report.eventId()))
                .as("no new dead letter after the fix")
                .hasSize(2)
                .allSatisfy(l -> assertThat(strings(l.path("appliedBy")))
                        .containsExactly("campaign-manifests", "campaign-vehicle-reports"));

        // the audit trail: three replays by admin, with their outcomes
        List<String> outcomes = KafkaTestClient.awaitAll(
                        Topics.CAMPAIGN_EVENTS,
                        r -> KafkaTestClient.eventOf(r, DeadLettersReplayed.class)
                                .filter(e -> e.records().stream()
                                        .anyMatch(x -> x.position().equals(position)
                                                && report.eventId().equals(x.replayedEventId())))
                                .isPresent(),
                        3,
                        WAIT)
                .stream()
                .map(r -> KafkaTestClient.eventOf(r, DeadLettersReplayed.class).orElseThrow())
                .peek(e -> {
                    assertThat(e.replayedBy()).isEqualTo("admin");
                    assertThat(e.service()).isEqualTo("campaign-service");
                    assertThat(e.deadLetterTopic()).isEqualTo("ota.vehicle.reports.dlq");
                })
                .map(e -> e.records().getFirst().outcome())
                .toList();
        assertThat(outcomes).containsExactly("DEAD_LETTERED", "APPLIED", "ALREADY_APPLIED");
    }

    private static boolean verifies(
            org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, ManifestReported report) {
        return KafkaTestClient.eventOf(record, ManifestVerified.class)
                .filter(v -> v.reportEventId().equals(report.eventId()))
                .isPresent();
    }

    private static Api.Reply replay(Api api, String position) {
        return api.post("admin", "ADMIN", DEAD_LETTERS + "/replay", Map.of("positions", List.of(position)));
    }

    private static String outcome(Api.Reply reply) {
        return reply.body().path("records").get(0).path("outcome").asString();
    }

    /** This service's dead letters of the event, as the listing shows them. */
    private static List<JsonNode> deadLettersOf(Api api, UUID eventId) {
        Api.Reply reply = api.get("admin", "ADMIN", DEAD_LETTERS + "?limit=1000");
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        reply.body().path("deadLetters").forEach(letter -> {
            if (letter.path("eventId").asString().equals(eventId.toString())) {
                found.add(letter);
            }
        });
        return found;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** The factory registers the vehicle with the ECU keys its manifest is signed with: the fix. */
    private void register(String vin) {
        registry.register(
                new VehicleRegistration(
                        vin,
                        "ID.4",
                        2024,
                        "EU",
                        "EU",
                        List.of("dead-letters"),
                        "Europe/Berlin",
                        List.of(
                                new EcuRegistration(
                                        "GW-" + vin,
                                        Fleet.GATEWAY,
                                        true,
                                        Fleet.publicKey(Fleet.keys(vin).primary())),
                                new EcuRegistration(
                                        "BRK-" + vin,
                                        Fleet.BRAKE,
                                        false,
                                        Fleet.publicKey(Fleet.keys(vin).brake())))),
                "factory-line",
                true);
    }

    /** The image the brake ECU reports; the catalogue need not know it. */
    private static ImageSigned brakeImage() {
        return new ImageSigned(
                UUID.randomUUID(),
                Instant.now(),
                "brake-ctrl",
                "9.9.9",
                List.of(Fleet.BRAKE),
                7,
                1024,
                Map.of("sha256", "cd".repeat(32)),
                "brake-ctrl/9.9.9/brake-ctrl.bin",
                "ci",
                Map.of());
    }
}
