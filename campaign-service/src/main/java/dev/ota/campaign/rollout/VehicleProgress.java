package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.policy.PlatformFault;
import dev.ota.campaign.policy.RetryPolicy;
import dev.ota.campaign.registry.ManifestApplied;
import dev.ota.campaign.registry.Vehicle;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.platform.messaging.RefusedReports;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows each assignment through the vehicle's reports: progress, success (counted once the vehicle's signed manifest
 * confirms it), failure (retried with backoff when transient; a fault of the platform is never the release's failure),
 * consent answers, and silence (the per-vehicle timeout, which counts as a failure).
 */
@Component
class VehicleProgress {

    /** The phase of a vehicle that reported success and waits for the manifest that confirms it. */
    static final String AWAITING_MANIFEST = "AWAITING_MANIFEST";

    private static final String CONFIRMED = "confirmed by the vehicle's signed manifest";

    private final Campaigns campaigns;
    private final RolloutStore store;
    private final VehicleRegistry registry;
    private final Outbox outbox;
    private final Clock clock;
    private final RefusedReports refused;

    VehicleProgress(
            Campaigns campaigns,
            RolloutStore store,
            VehicleRegistry registry,
            Outbox outbox,
            Clock clock,
            RefusedReports refused) {
        this.campaigns = campaigns;
        this.store = store;
        this.registry = registry;
        this.outbox = outbox;
        this.clock = clock;
        this.refused = refused;
    }

    @Transactional
    public void progress(UpdateProgress report) {
        registry.seen(report.vin(), report.occurredAt());
        Optional<CampaignVehicle> found = openAssignment(report.type(), report.vin(), report.assignmentId());
        if (found.isEmpty()) {
            return;
        }
        CampaignVehicle vehicle = found.get();
        UUID campaign = store.campaignOfAssignment(report.assignmentId()).orElseThrow();
        String reason = report.reason() == null ? report.phase().name().toLowerCase() : report.reason();
        // outcomes are final whenever they arrive; an intermediate phase applies only if no newer report was applied
        // (a vehicle's reports can overtake each other between the broker and Kafka)
        switch (report.phase()) {
            case SUCCEEDED -> succeededOnceConfirmed(campaign, vehicle, report);
            case REJECTED -> rejected(campaign, vehicle, reason);
            case FAILED, REVERTED -> failed(campaign, vehicle, report.phase() + ": " + reason);
            default -> store.progress(campaign, vehicle.vin(), report.phase().name(), report.occurredAt());
        }
    }

    /**
     * A vehicle that reports success counts as SUCCEEDED once its signed manifest shows the bundle installed; until
     * then it waits in phase {@value #AWAITING_MANIFEST} (the manifest usually follows the report within seconds).
     */
    private void succeededOnceConfirmed(UUID campaign, CampaignVehicle vehicle, UpdateProgress report) {
        Optional<String> contradiction = registry.find(vehicle.vin())
                .flatMap(found -> ManifestConfirmation.contradiction(
                        found, campaigns.get(campaign).definition().bundle()));
        if (contradiction.isEmpty()) {
            store.settle(campaign, vehicle.vin(), VehicleStatus.SUCCEEDED, CONFIRMED);
        } else {
            store.awaitManifest(campaign, vehicle.vin(), report.occurredAt());
        }
    }

    /**
     * A manifest arrived: each vehicle that reported success before it is SUCCEEDED when the manifest shows the bundle,
     * and FAILED when it shows something else (the vehicle said it succeeded but runs another image). Runs in the
     * transaction that applied the manifest and never throws for a vehicle's state, so the manifest is kept.
     */
    @EventListener
    public void manifestApplied(ManifestApplied manifest) {
        List<RolloutStore.AwaitingManifest> awaiting = store.awaitingManifest(manifest.vin(), manifest.reportedAt());
        if (awaiting.isEmpty()) {
            return;
        }
        // the registry has just applied this manifest in this transaction: read the vehicle once for all its campaigns
        Optional<Vehicle> vehicle = registry.find(manifest.vin());
        for (RolloutStore.AwaitingManifest waiting : awaiting) {
            Campaign campaign = campaigns.get(waiting.campaign());
            Optional<String> contradiction = vehicle.flatMap(v ->
                    ManifestConfirmation.contradiction(v, campaign.definition().bundle()));
            if (contradiction.isEmpty()) {
                store.settle(waiting.campaign(), manifest.vin(), VehicleStatus.SUCCEEDED, CONFIRMED);
            } else {
                failed(
                        waiting.campaign(),
                        waiting.vehicle(),
                        "reported success, but its signed manifest shows " + contradiction.get());
            }
        }
    }

    @Transactional
    public void consent(ConsentAnswered answer) {
        registry.seen(answer.vin(), answer.occurredAt());
        Optional<CampaignVehicle> found = openAssignment(answer.type(), answer.vin(), answer.assignmentId());
        if (found.isEmpty()) {
            return;
        }
        UUID campaign = store.campaignOfAssignment(answer.assignmentId()).orElseThrow();
        switch (answer.decision()) {
            case ACCEPTED -> store.progress(campaign, answer.vin(), "CONSENTED", answer.occurredAt());
            case DECLINED -> store.settle(campaign, answer.vin(), VehicleStatus.DECLINED, "driver declined");
            case TIMED_OUT ->
                store.settle(campaign, answer.vin(), VehicleStatus.CONSENT_TIMED_OUT, "driver did not answer in time");
        }
    }

    /**
     * The vehicle refused the update before running it. A consent nobody answered in time and conditions that stayed
     * unmet until the install window closed are named outcomes of their own, whichever of the vehicle's reports (the
     * consent answer or this one) arrives first; any other refusal is handled as a failure (not one the release is
     * counted for: its reason starts with {@code REJECTED:}).
     */
    private void rejected(UUID campaign, CampaignVehicle vehicle, String reason) {
        if (reason.startsWith(InstallConditions.CONSENT_TIMED_OUT)) {
            store.settle(campaign, vehicle.vin(), VehicleStatus.CONSENT_TIMED_OUT, reason);
        } else if (reason.startsWith(InstallConditions.CONDITIONS_NOT_MET)) {
            store.settle(campaign, vehicle.vin(), VehicleStatus.CONDITIONS_NOT_MET, reason);
        } else {
            failed(campaign, vehicle, InstallPhase.REJECTED + ": " + reason);
        }
    }

    /** Fails (or schedules a retry for) every open assignment without progress for the campaign's vehicle timeout. */
    @Transactional
    public int timeOutStalled(UUID id) {
        Campaign campaign = campaigns.get(id);
        if (!campaign.state().isUnderway()) {
            return 0;
        }
        Instant now = clock.instant();
        Instant before = now.minus(campaign.definition().policies().vehicleTimeout());
        int count = 0;
        for (CampaignVehicle vehicle : store.stalled(id, before)) {
            String reason = AWAITING_MANIFEST.equals(vehicle.phase())
                    ? "reported success; no signed manifest confirmed it in "
                            + campaign.definition().policies().vehicleTimeout()
                    : "no progress for " + campaign.definition().policies().vehicleTimeout();
            outbox.publish(new AssignmentCancelled(
                    UUID.randomUUID(),
                    now,
                    vehicle.vin(),
                    Objects.requireNonNull(vehicle.assignmentId(), "an open vehicle is assigned"),
                    id,
                    reason));
            RetryPolicy retry = campaign.definition().policies().retry();
            Optional<Instant> next = retry.nextAttempt(vehicle.attempts(), reason, now);
            if (next.isPresent() && campaign.state() != CampaignState.ABORTED) {
                store.retryLater(id, vehicle.vin(), next.get(), reason);
            } else {
                store.settle(id, vehicle.vin(), VehicleStatus.TIMED_OUT, reason);
            }
            count++;
        }
        return count;
    }

    /**
     * A failed install is retried after backoff when its cause is transient and the campaign's retry policy allows
     * another attempt. Otherwise it is final: FAILED, or PLATFORM_FAULT when the vehicle named the platform as the cause
     * (it never ran the update, so the failure is not the release's).
     */
    private void failed(UUID id, CampaignVehicle vehicle, String reason) {
        RetryPolicy retry = campaigns.get(id).definition().policies().retry();
        Optional<Instant> next = retry.nextAttempt(vehicle.attempts(), reason, clock.instant());
        if (next.isPresent()) {
            store.retryLater(id, vehicle.vin(), next.get(), reason);
        } else {
            store.settle(
                    id,
                    vehicle.vin(),
                    PlatformFault.named(reason) ? VehicleStatus.PLATFORM_FAULT : VehicleStatus.FAILED,
                    reason);
        }
    }

    /**
     * The campaign vehicle behind an assignment, if the assignment is still open. Reports for assignments this service
     * did not make (rollback assignments) are not ours; a report from an unregistered VIN is rejected, and so is one
     * about another vehicle's assignment (counted and dead-lettered as {@code vin_mismatch}): a vehicle that learned
     * that assignment id must not fail, decline or complete it for its owner.
     */
    private Optional<CampaignVehicle> openAssignment(String type, String vin, UUID assignment) {
        if (registry.find(vin).isEmpty()) {
            throw new MalformedEventException("report from unregistered VIN " + vin);
        }
        Optional<CampaignVehicle> found = store.byAssignment(assignment);
        if (found.isPresent() && !found.get().vin().equals(vin)) {
            throw refused.vinMismatch(type, vin, assignment, found.get().vin());
        }
        return found.filter(vehicle -> vehicle.status().isOpen());
    }
}
