package dev.ota.health;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the events a campaign stage and its vehicles would produce. */
public final class Fleet {

    private Fleet() {}

    public record Vehicle(String vin, UUID assignmentId, List<EcuTarget> ecus, String model) {

        public UpdateAssigned assigned(UUID campaignId, int stage) {
            return new UpdateAssigned(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    assignmentId,
                    campaignId,
                    stage,
                    ecus,
                    InstallConditions.NONE,
                    model,
                    null);
        }

        public UpdateProgress progress(InstallPhase phase) {
            return new UpdateProgress(UUID.randomUUID(), Instant.now(), vin, assignmentId, null, phase, null);
        }

        public HealthBeacon beacon(int ecu, boolean bootOk, boolean appStarted, int dtcDelta) {
            EcuTarget target = ecus.get(ecu);
            return new HealthBeacon(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    assignmentId,
                    target.ecuSerial(),
                    target.hardwareId(),
                    bootOk,
                    appStarted,
                    dtcDelta,
                    Instant.now());
        }

        /** A healthy beacon of one ECU carrying application checks. */
        public HealthBeacon beaconWith(int ecu, ApplicationCheck... applications) {
            HealthBeacon healthy = beacon(ecu, true, true, 0);
            return new HealthBeacon(
                    healthy.eventId(),
                    healthy.occurredAt(),
                    vin,
                    assignmentId,
                    healthy.ecuSerial(),
                    healthy.hardwareId(),
                    true,
                    true,
                    0,
                    healthy.measuredAt(),
                    List.of(applications));
        }

        public List<HealthBeacon> healthyBeacons() {
            List<HealthBeacon> beacons = new ArrayList<>();
            for (int i = 0; i < ecus.size(); i++) {
                beacons.add(beacon(i, true, true, 0));
            }
            return beacons;
        }
    }

    public static Vehicle vehicle(String model, String... hardwareIds) {
        String vin = "VIN"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        List<EcuTarget> ecus = new ArrayList<>();
        for (int i = 0; i < hardwareIds.length; i++) {
            ecus.add(new EcuTarget(
                    vin + "-ecu" + i,
                    hardwareIds[i],
                    hardwareIds[i] + "-fw",
                    "2.0.0",
                    hardwareIds[i] + "-fw/2.0.0",
                    2,
                    1024,
                    Map.of("sha256", "ab".repeat(32))));
        }
        return new Vehicle(vin, UUID.randomUUID(), List.copyOf(ecus), model);
    }

    public static StageStarted stageStarted(UUID campaignId, int stage, int cohortSize, double maxRate, Duration soak) {
        return new StageStarted(
                UUID.randomUUID(),
                Instant.now(),
                campaignId,
                stage,
                cohortSize,
                new HealthCriteria(maxRate, 20, 0.95, soak, 0));
    }
}
