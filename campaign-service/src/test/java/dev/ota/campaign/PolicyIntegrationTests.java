package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.ImageSigned;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each rollout policy as a fleet operator sees it: who gets assigned, who is held back, and why. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ota.campaign.rollout.gate-interval=200ms", "ota.campaign.rollout.dispatch-interval=100ms"})
@WithRealInfrastructure(database = "campaign")
class PolicyIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;
    ImageSigned current;
    ImageSigned next;

    @BeforeEach
    void fleet() {
        api = new Api(port);
        fleet = new Fleet(registry, images);
        current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
    }

    /** The brake image of the bundle, which needs the gateway at release 5 or later. */
    private Map<String, Object> brakeNeedingGateway() {
        return Map.of(
                "hardwareId",
                Fleet.BRAKE,
                "imageName",
                "brake-ctrl",
                "version",
                next.version(),
                "requires",
                List.of(Map.of("hardwareId", Fleet.GATEWAY, "minReleaseCounter", 5)));
    }

    private UUID running(Map<String, Object> policies) {
        return started(CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100), "policies", policies));
    }

    private UUID started(Map<String, Object> body) {
        return RunningCampaigns.started(api, body);
    }

    private String status(UUID campaign, String vin) {
        return jdbc.sql(
                        "select status || coalesce(' ' || reason, '') from campaign_vehicle where campaign_id = :c and vin = :v")
                .param("c", campaign)
                .param("v", vin)
                .query(String.class)
                .single();
    }

    private List<UpdateAssigned> assignments(UUID campaign) {
        return KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                .flatMap(r -> KafkaTestClient.eventOf(r, UpdateAssigned.class).stream())
                .filter(a -> a.campaignId().equals(campaign))
                .toList();
    }

    @Test
    void geofenceHoldsBackVehiclesOutsideTheAllowedAreaAndInsideADeniedOne() {
        fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        fleet.report(fleet.vin(1), current, 48.85, 2.35);
        fleet.report(fleet.vin(2), current, 52.05, 13.1);
        Map<String, Object> germany = Map.of(
                "name",
                "germany",
                "corners",
                List.of(
                        Map.of("lat", 47.3, "lon", 5.9),
                        Map.of("lat", 47.3, "lon", 15.0),
                        Map.of("lat", 55.0, "lon", 15.0),
                        Map.of("lat", 55.0, "lon", 5.9)));
        Map<String, Object> track = Map.of(
                "name",
                "test track",
                "corners",
                List.of(
                        Map.of("lat", 52.0, "lon", 13.0),
                        Map.of("lat", 52.0, "lon", 13.2),
                        Map.of("lat", 52.2, "lon", 13.1)));

        UUID id = running(Map.of(
                "rateLimit", Map.of("maximumPerMinute", 60000),
                "geofence", Map.of("allow", List.of(germany), "deny", List.of(track))));

        await().atMost(WAIT).until(() -> status(id, fleet.vin(0)).startsWith("ASSIGNED"));
        await().atMost(WAIT).until(() -> status(id, fleet.vin(2)).contains("geofence"));
        assertThat(status(id, fleet.vin(1))).isEqualTo("PENDING geofence: outside every allowed area");
        assertThat(status(id, fleet.vin(2))).isEqualTo("PENDING geofence: inside denied area 'test track'");
        assertThat(assignments(id)).extracting(UpdateAssigned::vin).containsExactly(fleet.vin(0));
    }

    @Test
    void theBundlesInstallOrderAndTheGeofenceTravelWithEachAssignmentForTheVehicleToEnforce() {
        ImageSigned gateway = fleet.sign("gateway", "5.0.0-" + fleet.tag(), Fleet.GATEWAY, 5);
        fleet.vehicles(0, 1, List.of("ID.4"), List.of("EU"), current);
        // listed brake first, but the brake image requires the gateway's new release: the gateway installs first
        Map<String, Object> bundle = Map.of(
                "images",
                List.of(
                        brakeNeedingGateway(),
                        Map.of(
                                "hardwareId",
                                Fleet.GATEWAY,
                                "imageName",
                                "gateway",
                                "version",
                                gateway.version(),
                                "requires",
                                List.of())));
        Map<String, Object> depot = Map.of(
                "name",
                "depot",
                "corners",
                List.of(
                        Map.of("lat", 52.0, "lon", 13.0),
                        Map.of("lat", 52.0, "lon", 14.0),
                        Map.of("lat", 53.0, "lon", 14.0),
                        Map.of("lat", 53.0, "lon", 13.0)));
        Map<String, Object> body = CampaignRequests.with(
                CampaignRequests.with(
                        CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100),
                        "policies",
                        Map.of(
                                "rateLimit",
                                Map.of("maximumPerMinute", 60000),
                                "geofence",
                                Map.of("allow", List.of(depot), "deny", List.of()))),
                "bundle",
                bundle);

        UUID id = started(body);

        await().atMost(WAIT).until(() -> assignments(id).size() == 1);
        UpdateAssigned assignment = assignments(id).getFirst();
        assertThat(assignment.conditions().installOrder()).containsExactly("GW-" + fleet.vin(0), "BRK-" + fleet.vin(0));
        assertThat(assignment.conditions().geofence()).isNotNull();
        assertThat(assignment.conditions().geofence().allow())
                .singleElement()
                .satisfies(area -> assertThat(area.name()).isEqualTo("depot"));
    }

    @Test
    void aBundleWhoseOrderNamesAnUnknownEcuOrWhoseDependenciesFormACycleIsRefusedWithAProblemDetail() {
        Map<String, Object> brake = brakeNeedingGateway();
        Map<String, Object> gatewayNeedingBrake = Map.of(
                "hardwareId",
                Fleet.GATEWAY,
                "imageName",
                "gateway",
                "version",
                "5.0.0",
                "requires",
                List.of(Map.of("hardwareId", Fleet.BRAKE, "minReleaseCounter", 42)));
        Map<String, Object> base = CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100);

        Api.Reply cycle = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/campaigns",
                CampaignRequests.with(base, "bundle", Map.of("images", List.of(brake, gatewayNeedingBrake))));
        Api.Reply unknown = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/campaigns",
                CampaignRequests.with(
                        base,
                        "bundle",
                        Map.of("images", List.of(brake), "installOrder", List.of("body-ctrl-v1", Fleet.BRAKE))));

        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.text("detail"))
                .isEqualTo("bundle dependencies and installOrder form a cycle: " + Fleet.BRAKE + " -> " + Fleet.GATEWAY
                        + " -> " + Fleet.BRAKE + " (each installs after the next)");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("detail"))
                .isEqualTo("bundle.installOrder names 'body-ctrl-v1', which is not a hardware id of the bundle's"
                        + " images [" + Fleet.BRAKE + "]");
    }

    @Test
    void closedMaintenanceWindowHoldsEveryVehicleUntilItOpens() {
        fleet.vehicles(0, 2, List.of("ID.4"), List.of("EU"), current);
        int closedHour =
                (Instant.now().atZone(java.time.ZoneId.of("Europe/Berlin")).getHour() + 12) % 24;

        UUID id = running(Map.of(
                "rateLimit", Map.of("maximumPerMinute", 60000),
                "maintenanceWindow", Map.of("cron", "0 " + closedHour + " * * *", "duration", "PT1H")));

        await().atMost(WAIT).until(() -> status(id, fleet.vin(0)).contains("maintenance window"));
        Instant next = jdbc.sql("select next_attempt_at from campaign_vehicle where campaign_id = :c and vin = :v")
                .param("c", id)
                .param("v", fleet.vin(0))
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(closedHour);
        assertThat(jdbc.sql(
                                "select count(*) from campaign_vehicle where campaign_id = :c and assignment_id is not null")
                        .param("c", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void preconditionsConsentAndRxswinTravelWithTheAssignmentAndADeclineIsRecorded() {
        fleet.vehicles(0, 1, List.of("ID.4"), List.of("EU"), current);

        UUID id = running(Map.of(
                "rateLimit", Map.of("maximumPerMinute", 60000),
                "preconditions",
                        Map.of(
                                "requireParked",
                                true,
                                "minBatteryPercent",
                                40,
                                "consentRequired",
                                true,
                                "consentTimeout",
                                "PT48H")));

        await().atMost(WAIT).until(() -> assignments(id).size() == 1);
        UpdateAssigned assignment = assignments(id).getFirst();
        assertThat(assignment.conditions().requireParked()).isTrue();
        assertThat(assignment.conditions().minBatteryPercent()).isEqualTo(40);
        assertThat(assignment.conditions().consentRequired()).isTrue();
        assertThat(assignment.conditions().notAfter()).isAfter(Instant.now().plus(Duration.ofHours(47)));
        assertThat(assignment.rxswin()).isEqualTo("R79-BRK-" + next.version());

        KafkaTestClient.send(new ConsentAnswered(
                UUID.randomUUID(),
                Instant.now(),
                assignment.vin(),
                assignment.assignmentId(),
                ConsentDecision.DECLINED));

        await().atMost(WAIT).until(() -> status(id, assignment.vin()).equals("DECLINED driver declined"));
    }

    @Test
    void vehicleWithoutProgressTimesOutCountsAsFailedAndItsAssignmentIsWithdrawn() {
        fleet.vehicles(0, 1, List.of("ID.4"), List.of("EU"), current);

        UUID id = running(Map.of("rateLimit", Map.of("maximumPerMinute", 60000), "vehicleTimeout", "PT1S"));

        await().atMost(WAIT).until(() -> status(id, fleet.vin(0)).startsWith("TIMED_OUT"));
        assertThat(status(id, fleet.vin(0))).isEqualTo("TIMED_OUT no progress for PT1S");
        KafkaTestClient.await(
                Topics.VEHICLE_ASSIGNMENTS,
                r -> KafkaTestClient.eventOf(r, AssignmentCancelled.class)
                        .map(c -> c.campaignId().equals(id) && c.reason().equals("no progress for PT1S"))
                        .orElse(false),
                WAIT);
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/failures")
                        .body()
                        .path("reason")
                        .path("no progress for PT1S")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void exponentialRampLimitsTheFirstMinuteToTheBaseRate() {
        fleet.vehicles(0, 30, List.of("ID.4"), List.of("EU"), current);

        UUID id = running(Map.of(
                "rateLimit",
                Map.of(
                        "maximumPerMinute",
                        6000,
                        "baseRatePerMinute",
                        60,
                        "incrementFactor",
                        2,
                        "incrementEvery",
                        1000)));

        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        long assigned = jdbc.sql(
                        "select count(*) from campaign_vehicle where campaign_id = :c and assignment_id is not null")
                .param("c", id)
                .query(Long.class)
                .single();
        assertThat(assigned).as("60/min is one a second").isBetween(2L, 6L);
    }
}
