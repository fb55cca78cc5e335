package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.InstallPhase;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.SimulatorProperties;
import dev.ota.simulator.fleet.UpdateRefused;
import dev.ota.simulator.fleet.Uptane;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.simulator.fleet.VehicleCommand;
import dev.ota.simulator.uptane.Restarted;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a vehicle trusts is kept per VIN and ECU on disk, so a restart does not reset its rollback anchors. */
class VehicleTrustIntegrationTests extends SimulatorIntegrationTest {

    @Autowired
    SimulatorProperties properties;

    @Test
    void aRestartedVehicleStillRefusesDirectorMetadataOlderThanWhatItTrusted() {
        Vehicle vehicle = parkedVehicle();
        Ecu brake = vehicle.ecus().get(1);
        Map<String, TestRepository.Image> first = Map.of(brake.serial(), releasedFor(brake, "2.0.0", 2));
        Map<String, String> firstMetadata = director(first);
        assertThat(awaitEnd(vehicle, sendUpdate(vehicle, "2.0.0", first, firstMetadata, null))
                        .phase())
                .isEqualTo(InstallPhase.SUCCEEDED);
        Map<String, TestRepository.Image> second =
                Map.of(vehicle.primary().serial(), releasedFor(vehicle.primary(), "2.0.0", 2));
        assertThat(awaitEnd(vehicle, sendUpdate(vehicle, "2.0.0", second, director(second), null))
                        .phase())
                .isEqualTo(InstallPhase.SUCCEEDED);

        // The simulator restarts; the replayed metadata would pass every release counter check (the brake already
        // runs that image): only the persisted trusted timestamp gives it away.
        Uptane restarted = Restarted.uptane(properties.uptane(), anchors);
        var replay = new VehicleCommand.Update(
                UUID.randomUUID(), vehicle.vin(), UUID.randomUUID(), UUID.randomUUID(), firstMetadata, null);

        assertThatThrownBy(() -> restarted.verify(vehicle, replay, null))
                .isInstanceOfSatisfying(
                        UpdateRefused.class,
                        refused -> assertThat(refused.attack()).isEqualTo("ROLLBACK"))
                .hasMessageContaining("timestamp version");
        Path trust =
                Objects.requireNonNull(properties.uptane().trustDirectory()).resolve(vehicle.vin());
        assertThat(trust.resolve(vehicle.primary().serial()).resolve("director").resolve("timestamp.json"))
                .isRegularFile();
        assertThat(trust.resolve(brake.serial()).resolve("director").resolve("targets.json"))
                .as("the partially verifying brake ECU keeps its own director targets")
                .isRegularFile();
    }
}
