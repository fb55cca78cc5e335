package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.DeltaOffered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstalledImage;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Delta updates seen from the campaign (docs/deltas.md): each assignment names, under campaign-service's seal, the image
 * the ECU's last verified manifest reported installed, and the campaign counts what the director then offered: the
 * vehicles offered a delta and the bytes they download against the bytes of the full images. Real Kafka and
 * PostgreSQL; the director's metadata is sent as signing-service publishes it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ota.campaign.rollout.gate-interval=200ms", "ota.campaign.rollout.dispatch-interval=100ms"})
@WithRealInfrastructure(database = "campaign")
class DeltaDownloadsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    Api api;
    Fleet fleet;
    ImageSigned current;
    ImageSigned next;

    @BeforeEach
    void fleet() {
        api = new Api(port);
        fleet = new Fleet(registry, images);
        current = fleet.sign("brake-ctrl", "3.0.0-" + fleet.tag(), Fleet.BRAKE, 51);
        next = fleet.sign("brake-ctrl", "3.0.1-" + fleet.tag(), Fleet.BRAKE, 52);
    }

    @Test
    void eachAssignmentNamesTheVerifiedInstalledImageAsItsBase() {
        fleet.vehicles(0, 4, List.of("ID.4"), List.of("EU"), current);

        List<UpdateAssigned> assigned = RunningCampaigns.awaitAssignments(running(), 2);

        assertThat(assigned).allSatisfy(a -> {
            EcuTarget brake = a.targets().stream()
                    .filter(t -> t.hardwareId().equals(Fleet.BRAKE))
                    .findFirst()
                    .orElseThrow();
            assertThat(brake.targetPath()).isEqualTo(next.targetPath());
            assertThat(brake.installed())
                    .as("the image the brake ECU's verified manifest reported")
                    .isEqualTo(new InstalledImage(current.targetPath(), current.length(), current.hashes()));
        });
    }

    @Test
    void theCampaignCountsTheVehiclesOfferedADeltaAndTheBytesTheyDownloadAgainstFullImages() {
        fleet.vehicles(0, 4, List.of("ID.4"), List.of("EU"), current);
        UUID id = running();
        List<UpdateAssigned> assigned = RunningCampaigns.awaitAssignments(id, 2);
        UpdateAssigned withDelta = assigned.get(0);
        UpdateAssigned whole = assigned.get(1);

        KafkaTestClient.send(issued(withDelta, 100L));
        KafkaTestClient.send(issued(whole, null));
        KafkaTestClient.send(new DirectorMetadataIssued(
                UUID.randomUUID(),
                Instant.now(),
                withDelta.vin(),
                UUID.randomUUID(),
                id,
                Map.of(),
                List.of(new DirectorMetadataIssued.AssignedImage("BRK-" + withDelta.vin(), next.targetPath(), 5000)),
                List.of()));

        JsonNode downloads = await().atMost(WAIT)
                .until(() -> downloads(id), d -> d.path("vehiclesIssued").asLong() == 2);
        assertThat(downloads.path("vehiclesOfferedDelta").asLong()).isEqualTo(1);
        assertThat(downloads.path("downloadBytes").asLong())
                .as("the delta for one, the full image for the other")
                .isEqualTo(100 + next.length());
        assertThat(downloads.path("fullImageBytes").asLong()).isEqualTo(2 * next.length());
    }

    @Test
    void aCampaignWhoseVehiclesWereNotIssuedYetShowsNothingDownloaded() {
        fleet.vehicles(0, 2, List.of("ID.4"), List.of("EU"), current);
        UUID id = running();
        RunningCampaigns.awaitAssignments(id, 1);

        JsonNode downloads = downloads(id);

        assertThat(downloads.path("vehiclesIssued").asLong()).isZero();
        assertThat(downloads.path("downloadBytes").asLong()).isZero();
    }

    /** The director's metadata for an assignment, offering the brake ECU a delta of that many bytes (or none). */
    private DirectorMetadataIssued issued(UpdateAssigned assignment, Long deltaBytes) {
        String brake = "BRK-" + assignment.vin();
        return new DirectorMetadataIssued(
                UUID.randomUUID(),
                Instant.now(),
                assignment.vin(),
                assignment.assignmentId(),
                assignment.campaignId(),
                Map.of("timestamp.json", "{}"),
                List.of(new DirectorMetadataIssued.AssignedImage(brake, next.targetPath(), next.length())),
                deltaBytes == null
                        ? List.of()
                        : List.of(new DeltaOffered(
                                brake, "deltas/" + next.targetPath() + ".from-ab", deltaBytes, next.length())));
    }

    private UUID running() {
        return RunningCampaigns.started(
                api,
                CampaignRequests.with(
                        CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 50, 100),
                        "policies",
                        Map.of("rateLimit", Map.of("maximumPerMinute", 600000), "vehicleTimeout", "PT1H")));
    }

    private JsonNode downloads(UUID id) {
        Api.Reply reply = api.get("aud", "AUDITOR", "/api/campaigns/" + id + "/downloads");
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        return reply.body();
    }
}
