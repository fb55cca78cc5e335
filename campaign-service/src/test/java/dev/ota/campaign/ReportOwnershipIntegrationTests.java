package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A registered vehicle with a valid certificate is still hostile: what it reports about another vehicle's assignment
 * (a failure, a declined consent) must not settle that vehicle's place in the campaign.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ota.campaign.rollout.gate-interval=200ms", "ota.campaign.rollout.dispatch-interval=100ms"})
@WithRealInfrastructure(database = "campaign")
class ReportOwnershipIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aFailureAndADeclinedConsentReportedByAnotherVehicleChangeNothingAreDeadLetteredAndCounted() {
        Api api = new Api(port);
        Fleet fleet = new Fleet(registry, images);
        ImageSigned current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        ImageSigned next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.vehicles(0, 2, List.of("ID.4"), List.of("EU"), current);
        UUID campaign = running(api, fleet, next);
        await().atMost(WAIT).until(() -> assignments(campaign).size() == 2);
        UpdateAssigned victim = assignments(campaign).stream()
                .filter(a -> a.vin().equals(fleet.vin(0)))
                .findFirst()
                .orElseThrow();
        String attacker = fleet.vin(1);
        double refusedProgress = refused("ota.UpdateProgress.v1");
        double refusedConsent = refused("ota.ConsentAnswered.v1");

        KafkaTestClient.send(new UpdateProgress(
                UUID.randomUUID(),
                Instant.now(),
                attacker,
                victim.assignmentId(),
                null,
                InstallPhase.FAILED,
                "forged"));
        KafkaTestClient.send(new ConsentAnswered(
                UUID.randomUUID(), Instant.now(), attacker, victim.assignmentId(), ConsentDecision.DECLINED));

        List<ConsumerRecord<String, byte[]>> dead = KafkaTestClient.awaitAll(
                Topics.deadLetter(Topics.VEHICLE_REPORTS),
                r -> attacker.equals(r.key())
                        && KafkaTestClient.header(r, Headers.DEAD_LETTER_CONSUMER)
                                .filter("campaign-service"::equals)
                                .isPresent(),
                2,
                WAIT);
        String reason = "vin_mismatch: %s from VIN " + attacker + " names assignment " + victim.assignmentId()
                + " of VIN " + victim.vin();
        assertThat(dead)
                .extracting(r ->
                        KafkaTestClient.header(r, Headers.DEAD_LETTER_REASON).orElseThrow())
                .containsExactlyInAnyOrder(
                        reason.formatted("ota.UpdateProgress.v1"), reason.formatted("ota.ConsentAnswered.v1"));
        assertThat(refused("ota.UpdateProgress.v1")).isEqualTo(refusedProgress + 1);
        assertThat(refused("ota.ConsentAnswered.v1")).isEqualTo(refusedConsent + 1);
        assertThat(status(campaign, victim.vin())).isEqualTo("ASSIGNED");
        assertThat(status(campaign, attacker)).isEqualTo("ASSIGNED");
    }

    private UUID running(Api api, Fleet fleet, ImageSigned next) {
        Map<String, Object> body = CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100),
                "policies",
                Map.of("rateLimit", Map.of("maximumPerMinute", 60000)));
        Api.Reply created = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        assertThat(api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"))
                        .text("state"))
                .isEqualTo("RUNNING");
        return UUID.fromString(id);
    }

    private String status(UUID campaign, String vin) {
        return jdbc.sql("select status from campaign_vehicle where campaign_id = :c and vin = :v")
                .param("c", campaign)
                .param("v", vin)
                .query(String.class)
                .single();
    }

    private static List<UpdateAssigned> assignments(UUID campaign) {
        return KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                .flatMap(r -> KafkaTestClient.eventOf(r, UpdateAssigned.class).stream())
                .filter(a -> a.campaignId().equals(campaign))
                .toList();
    }

    private double refused(String type) {
        Counter counter = meters.find("ota.vehicle.reports.refused")
                .tag("reason", "vin_mismatch")
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
