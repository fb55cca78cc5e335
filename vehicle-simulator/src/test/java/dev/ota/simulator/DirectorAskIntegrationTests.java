package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.Vehicle;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Vehicles ask the director for their metadata on connect and on schedule (every 3 s here), install what an answer
 * brings when the push never came, and install it once however often it arrives.
 */
class DirectorAskIntegrationTests extends SimulatorIntegrationTest {

    @Test
    void aVehicleAsksWhenItConnectsOnScheduleAndAgainWhenItReconnects() {
        Vehicle vehicle = parkedVehicle();

        await().atMost(WAIT).until(() -> platform.asks(vehicle.vin()), asks -> !asks.isEmpty());
        assertThat(platform.asks(vehicle.vin()).getFirst().knownTargetsVersion())
                .as("a new vehicle holds no director targets")
                .isZero();
        int afterConnect = platform.asks(vehicle.vin()).size();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> platform.asks(vehicle.vin()).size() > afterConnect);

        vehicle.setOnline(false);
        await().atMost(WAIT).until(() -> !vehicle.online());
        int beforeReconnect = platform.asks(vehicle.vin()).size();
        vehicle.setOnline(true);
        await().atMost(WAIT).until(() -> platform.asks(vehicle.vin()).size() > beforeReconnect);
    }

    @Test
    void anUpdateWhosePushWasLostIsInstalledFromTheAnswerOnceThoughPushAndAnswersBringItAgain() {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        var image = releasedFor(primary, "3.0.0", 3);
        Map<String, TestRepository.Image> bundle = Map.of(primary.serial(), image);
        Map<String, String> metadata = director(bundle, InstallConditions.NONE);
        UUID assignment = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();

        platform.answer(answer(vehicle, assignment, campaign, metadata));

        UpdateProgress end = awaitEnd(vehicle, assignment);
        assertThat(end.phase()).as(end.reason()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(primary.installed().targetPath()).isEqualTo(image.path());
        await().atMost(WAIT)
                .until(
                        () -> platform.asks(vehicle.vin()),
                        asks -> asks.getLast().knownTargetsVersion() == version(metadata));

        // the push arrives late, and the director answers again with the same metadata: nothing is installed twice
        pushUpdate(vehicle, assignment, campaign, metadata);
        platform.answer(answer(vehicle, assignment, campaign, metadata));
        var later = releasedFor(vehicle.ecus().get(1), "3.1.0", 3);
        UUID next = UUID.randomUUID();
        platform.answer(answer(
                vehicle, next, campaign, director(Map.of(vehicle.ecus().get(1).serial(), later))));
        assertThat(awaitEnd(vehicle, next).phase()).isEqualTo(InstallPhase.SUCCEEDED);
        assertThat(phases(vehicle, assignment))
                .as("one install of the first assignment")
                .containsOnlyOnce(InstallPhase.RECEIVED)
                .containsOnlyOnce(InstallPhase.SUCCEEDED);
    }

    @Test
    void nothingForYouAndOlderOrCancelledMetadataInstallNothing() throws Exception {
        Vehicle vehicle = parkedVehicle();
        Ecu primary = vehicle.primary();
        Map<String, String> older = director(Map.of(primary.serial(), releasedFor(primary, "4.0.0", 4)));
        Map<String, String> cancelledMetadata = director(Map.of(primary.serial(), releasedFor(primary, "4.1.0", 4)));
        var newestImage = releasedFor(primary, "4.2.0", 4);
        Map<String, String> newest = director(Map.of(primary.serial(), newestImage));
        UUID cancelled = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();

        platform.answer(answer(vehicle, null, null, director(Map.of())));
        cancel(vehicle, cancelled, campaign);
        platform.answer(answer(vehicle, cancelled, campaign, cancelledMetadata));
        platform.answer(answer(vehicle, newer, campaign, newest));
        assertThat(awaitEnd(vehicle, newer).phase()).isEqualTo(InstallPhase.SUCCEEDED);
        platform.answer(answer(vehicle, old, campaign, older));
        Thread.sleep(1_000);

        assertThat(phases(vehicle, cancelled)).as("cancelled").isEmpty();
        assertThat(phases(vehicle, old)).as("older than what was installed").isEmpty();
        assertThat(primary.installed().targetPath()).isEqualTo(newestImage.path());
    }

    private static DirectorMetadataAnswered answer(
            Vehicle vehicle, @Nullable UUID assignment, @Nullable UUID campaign, Map<String, String> metadata) {
        return new DirectorMetadataAnswered(
                UUID.randomUUID(),
                Instant.now(),
                vehicle.vin(),
                UUID.randomUUID(),
                version(metadata),
                assignment,
                campaign,
                assignment == null ? null : InstallConditions.NONE,
                metadata);
    }

    private static long version(Map<String, String> metadata) {
        return metadata.keySet().stream()
                .filter(n -> n.endsWith(".targets.json"))
                .mapToLong(n -> Long.parseLong(n.substring(0, n.indexOf('.'))))
                .max()
                .orElseThrow();
    }

    private void pushUpdate(Vehicle vehicle, UUID assignment, UUID campaign, Map<String, String> metadata) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("type", "update");
        update.put("schemaVersion", 1);
        update.put("commandId", UUID.randomUUID().toString());
        update.put("issuedAt", Instant.now().toString());
        update.put("vin", vehicle.vin());
        update.put("assignmentId", assignment.toString());
        update.put("campaignId", campaign.toString());
        update.put("metadata", metadata);
        update.put("conditions", InstallConditions.NONE);
        platform.command(vehicle.vin(), update);
    }

    private void cancel(Vehicle vehicle, UUID assignment, UUID campaign) {
        Map<String, Object> cancel = new LinkedHashMap<>();
        cancel.put("type", "cancel");
        cancel.put("schemaVersion", 1);
        cancel.put("commandId", UUID.randomUUID().toString());
        cancel.put("issuedAt", Instant.now().toString());
        cancel.put("vin", vehicle.vin());
        cancel.put("assignmentId", assignment.toString());
        cancel.put("campaignId", campaign.toString());
        cancel.put("reason", "withdrawn");
        platform.command(vehicle.vin(), cancel);
    }
}
