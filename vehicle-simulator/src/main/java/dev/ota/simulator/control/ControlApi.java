package dev.ota.simulator.control;

import dev.ota.simulator.fleet.AttackScenario;
import dev.ota.simulator.fleet.ConsentProfile;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.InstalledImage;
import dev.ota.simulator.fleet.Vehicle;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Request and response bodies of the control API. */
final class ControlApi {

    private ControlApi() {}

    /**
     * A batch of vehicles; everything but {@code count} has a default. {@code online: false} adds them off the network
     * (connected later by setting each {@code online}), so that they can be registered before their first manifest.
     * {@code latitude} and {@code longitude} (both) place every vehicle of the batch there, and keep it there.
     */
    record CreateFleet(
            int count,
            @Nullable List<String> models,
            @Nullable List<Integer> modelYears,
            @Nullable List<String> regions,
            @Nullable Integer secondaries,
            @Nullable Boolean secondariesVerifyFully,
            @Nullable Double drivingShare,
            @Nullable Integer minBattery,
            @Nullable ConsentProfile consent,
            @Nullable Boolean online,
            @Nullable Double latitude,
            @Nullable Double longitude) {

        boolean connectNow() {
            return !Boolean.FALSE.equals(online);
        }

        FleetRequest toRequest() {
            return new FleetRequest(
                    count,
                    Objects.requireNonNullElse(models, List.of()),
                    Objects.requireNonNullElse(modelYears, List.of()),
                    Objects.requireNonNullElse(regions, List.of()),
                    Objects.requireNonNullElse(secondaries, 2),
                    Objects.requireNonNullElse(secondariesVerifyFully, false),
                    Objects.requireNonNullElse(drivingShare, 0.3),
                    Objects.requireNonNullElse(minBattery, 20),
                    Objects.requireNonNullElse(consent, ConsentProfile.ALWAYS_ACCEPT));
        }
    }

    record Created(int added, int fleetSize, List<String> vins) {}

    /**
     * Changes to one vehicle; absent fields stay as they are. Setting driving or battery pins them; setting latitude and
     * longitude (both) moves the vehicle there and keeps it there; {@code release} lets all of them drift again.
     */
    record ChangeVehicle(
            @Nullable Boolean driving,
            @Nullable Integer batteryPercent,
            @Nullable Boolean online,
            @Nullable AttackScenario attack,
            @Nullable Boolean release,
            @Nullable Double latitude,
            @Nullable Double longitude) {}

    /** An attack for the listed vehicles, or for all when {@code vins} is absent. */
    record SetAttack(AttackScenario scenario, @Nullable List<String> vins) {}

    record Trust(String imageRoot, String directorRoot) {}

    record SlotView(String imageName, String version, String targetPath, long releaseCounter) {

        static @Nullable SlotView of(@Nullable InstalledImage image) {
            return image == null
                    ? null
                    : new SlotView(image.imageName(), image.version(), image.targetPath(), image.releaseCounter());
        }
    }

    /**
     * One ECU. {@code publicKey} is the TUF public key object of the key it signs its version reports with: what a
     * factory line exports to the vehicle registry at provisioning (the private key never leaves the ECU).
     */
    record EcuView(
            String serial,
            String hardwareId,
            boolean primary,
            String verification,
            char activeSlot,
            SlotView installed,
            @Nullable SlotView inactive,
            Object publicKey) {

        static EcuView of(Ecu ecu) {
            return new EcuView(
                    ecu.serial(),
                    ecu.hardwareId(),
                    ecu.primary(),
                    ecu.fullVerification() ? "FULL" : "PARTIAL",
                    ecu.activeSlot(),
                    Objects.requireNonNull(SlotView.of(ecu.installed())),
                    SlotView.of(ecu.inactive()),
                    ecu.key().publicKey().toJsonValue());
        }
    }

    record VehicleView(
            String vin,
            String model,
            int modelYear,
            String region,
            double latitude,
            double longitude,
            int batteryPercent,
            boolean driving,
            boolean online,
            String status,
            @Nullable String waitingFor,
            @Nullable String lastOutcome,
            AttackScenario attack,
            List<String> attacksDetected,
            List<String> installLog,
            List<EcuView> ecus) {

        static VehicleView of(Vehicle v) {
            synchronized (v) {
                return new VehicleView(
                        v.vin(),
                        v.model(),
                        v.modelYear(),
                        v.region(),
                        v.latitude(),
                        v.longitude(),
                        v.batteryPercent(),
                        v.driving(),
                        v.online(),
                        v.status(),
                        v.waitingFor(),
                        v.lastOutcome(),
                        v.attack(),
                        v.attacksSeen(),
                        v.installLog(),
                        v.ecus().stream().map(EcuView::of).toList());
            }
        }
    }
}
