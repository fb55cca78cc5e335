package dev.ota.rollback.decision;

import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.CampaignEvent;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ImageEvent;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleReport;
import dev.ota.contracts.events.VerdictEvent;
import dev.ota.platform.messaging.InboundEvents;
import dev.ota.platform.messaging.RefusedReports;
import dev.ota.rollback.fleet.FleetKnowledge;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The service's inputs, one consumer per topic (two bindings of one group on a topic would split its partitions).
 * Everything but beacons is applied at most once per event id; beacons are monotone facts (first failure, first healthy
 * sighting), so a redelivered beacon changes nothing and needs no inbox row.
 */
@Configuration(proxyBeanMethods = false)
class RollbackConsumers {

    @Bean
    Consumer<Message<byte[]>> rollbackVerdicts(InboundEvents inbound, RollbackDecisions decisions) {
        return inbound.idempotent("rollback-verdicts", VerdictEvent.class, event -> {
            if (event instanceof StageVerdict verdict) {
                decisions.verdict(verdict);
            }
        });
    }

    @Bean
    Consumer<Message<byte[]>> rollbackCampaigns(
            InboundEvents inbound, RollbackDecisions decisions, FleetKnowledge fleet) {
        return inbound.idempotent("rollback-campaigns", CampaignEvent.class, event -> {
            if (event instanceof CampaignCreated created) {
                decisions.campaignCreated(created.campaignId(), created.rollbackPolicy());
            } else if (event instanceof StageStarted started) {
                fleet.stageStarted(started);
            }
        });
    }

    @Bean
    Consumer<Message<byte[]>> rollbackAssignments(InboundEvents inbound, FleetKnowledge fleet) {
        // Rollback assignments (this service's own) are skipped before any database work: their images are
        // catalogued already, they were built from it.
        return inbound.idempotent("rollback-assignments", UpdateAssigned.class, fleet::assigned);
    }

    @Bean
    Consumer<Message<byte[]>> rollbackReports(
            InboundEvents inbound, FleetKnowledge fleet, RollbackTracker tracker, RefusedReports refused) {
        return inbound.idempotent("rollback-reports", VehicleReport.class, event -> {
            switch (event) {
                case UpdateProgress progress -> {
                    refuseIfNotTheOwners(fleet, refused, progress.type(), progress.vin(), progress.assignmentId());
                    fleet.progressed(progress);
                    tracker.progress(progress);
                }
                default -> {}
            }
        });
    }

    /** What each ECU runs, from manifests verified against the ECU key inventory, never from a raw report. */
    @Bean
    Consumer<Message<byte[]>> rollbackManifests(InboundEvents inbound, FleetKnowledge fleet) {
        return inbound.idempotent("rollback-manifests", ManifestVerified.class, fleet::manifestVerified);
    }

    /**
     * A beacon is checked against its assignment's VIN when it could change anything: a failure always (one query), a
     * healthy beacon only when the evidence query, which matches on the VIN itself, found nothing for it.
     */
    @Bean
    Consumer<Message<byte[]>> rollbackBeacons(
            InboundEvents inbound, FleetKnowledge fleet, RollbackTracker tracker, RefusedReports refused) {
        return inbound.stateless(HealthBeacon.class, beacon -> {
            boolean applicationDown =
                    beacon.applications().stream().anyMatch(check -> check.status() == ApplicationStatus.DOWN);
            if (!beacon.bootOk() || !beacon.appStarted() || applicationDown || tracker.tracks(beacon.assignmentId())) {
                refuseIfNotTheOwners(fleet, refused, beacon.type(), beacon.vin(), beacon.assignmentId());
            }
            fleet.beacon(beacon);
            tracker.beacon(beacon);
        });
    }

    /**
     * A vehicle reports only about its own assignments: a report naming another vehicle's is refused, counted and
     * dead-lettered. One not known yet is let through: what it records is kept under the reporting VIN and counts
     * only if the assignment turns out to be that vehicle's.
     */
    private static void refuseIfNotTheOwners(
            FleetKnowledge fleet, RefusedReports refused, String type, String vin, UUID assignmentId) {
        fleet.ownerOf(assignmentId).filter(owner -> !owner.equals(vin)).ifPresent(owner -> {
            throw refused.vinMismatch(type, vin, assignmentId, owner);
        });
    }

    @Bean
    Consumer<Message<byte[]>> rollbackImages(InboundEvents inbound, FleetKnowledge fleet) {
        return inbound.idempotent("rollback-images", ImageEvent.class, event -> {
            switch (event) {
                case ImageSigned signed -> fleet.imageSigned(signed);
                case ImageRevoked revoked -> fleet.imageRevoked(revoked);
            }
        });
    }
}
