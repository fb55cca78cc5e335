package dev.ota.rollback.decision;

import dev.ota.rollback.fleet.FleetKnowledge;
import dev.ota.rollback.fleet.StageVehicle;
import java.util.UUID;

/** Which vehicles of a stage a decision rolls back. */
sealed interface RollbackScope {

    boolean includes(StageVehicle vehicle);

    String describe();

    /** How many vehicles of the stage are in scope, counted in the database (for the immediate pause). */
    long count(FleetKnowledge fleet, UUID campaignId, int stage);

    record NoVehicles() implements RollbackScope {
        @Override
        public boolean includes(StageVehicle vehicle) {
            return false;
        }

        @Override
        public String describe() {
            return "no vehicles (pause only)";
        }

        @Override
        public long count(FleetKnowledge fleet, UUID campaignId, int stage) {
            return 0;
        }
    }

    /** Vehicles whose update failed: install failure, revert, failed boot or application start. */
    record FailedVehicles() implements RollbackScope {
        @Override
        public boolean includes(StageVehicle vehicle) {
            return vehicle.failure() != null;
        }

        @Override
        public String describe() {
            return "the failed vehicles of the stage";
        }

        @Override
        public long count(FleetKnowledge fleet, UUID campaignId, int stage) {
            return fleet.countFailed(campaignId, stage);
        }
    }

    /** Vehicles of a cohort as health-service names them: "all", "hw:&lt;id&gt;", "model:&lt;name&gt;". */
    record Cohort(String cohort) implements RollbackScope {
        @Override
        public boolean includes(StageVehicle vehicle) {
            if (cohort.startsWith("hw:")) {
                return vehicle.hardwareIds().contains(cohort.substring(3));
            }
            if (cohort.startsWith("model:")) {
                return cohort.substring(6).equals(vehicle.model());
            }
            return true;
        }

        @Override
        public String describe() {
            return "every vehicle of the stage in cohort " + cohort;
        }

        @Override
        public long count(FleetKnowledge fleet, UUID campaignId, int stage) {
            return fleet.countStage(
                    campaignId,
                    stage,
                    cohort.startsWith("hw:") ? cohort.substring(3) : null,
                    cohort.startsWith("model:") ? cohort.substring(6) : null);
        }
    }

    record WholeStage() implements RollbackScope {
        @Override
        public boolean includes(StageVehicle vehicle) {
            return true;
        }

        @Override
        public String describe() {
            return "every vehicle of the stage";
        }

        @Override
        public long count(FleetKnowledge fleet, UUID campaignId, int stage) {
            return fleet.countStage(campaignId, stage, null, null);
        }
    }
}
