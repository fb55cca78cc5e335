package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.policy.RetryPolicy;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows each assignment through the vehicle's reports: progress, success, failure (retried with backoff when
 * transient), consent answers, and silence (the per-vehicle timeout, which counts as a failure).
 */
@Component
class VehicleProgress {

    private final Campaigns campaigns;
    private final RolloutStore store;
    private final VehicleRegistry registry;
    private final Outbox outbox;
    private final Clock clock;

    VehicleProgress(Campaigns campaigns, RolloutStore store, VehicleRegistry registry, Outbox outbox, Clock clock) {
        this.campaigns = campaigns;
        this.store = store;
        this.registry = registry;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public void progress(UpdateProgress report) {
        registry.seen(report.vin(), report.occurredAt());
        Optional<CampaignVehicle> found = openAssignment(report.vin(), report.assignmentId());
        if (found.isEmpty()) {
            return;
        }
        CampaignVehicle vehicle = found.get();
        UUID campaign = store.campaignOfAssignment(report.assignmentId()).orElseThrow();
        String reason = report.reason() == null ? report.phase().name().toLowerCase() : report.reason();
        switch (report.phase()) {
            case SUCCEEDED -> store.settle(campaign, vehicle.vin(), VehicleStatus.SUCCEEDED, null);
            case FAILED, REJECTED, REVERTED -> failed(campaign, vehicle, report.phase() + ": " + reason);
            default -> store.progress(campaign, vehicle.vin(), report.phase().name(), report.occurredAt());
        }
    }

    @Transactional
    public void consent(ConsentAnswered answer) {
        registry.seen(answer.vin(), answer.occurredAt());
        Optional<CampaignVehicle> found = openAssignment(answer.vin(), answer.assignmentId());
        if (found.isEmpty()) {
            return;
        }
        UUID campaign = store.campaignOfAssignment(answer.assignmentId()).orElseThrow();
        switch (answer.decision()) {
            case ACCEPTED -> store.progress(campaign, answer.vin(), "CONSENTED", answer.occurredAt());
            case DECLINED -> store.settle(campaign, answer.vin(), VehicleStatus.DECLINED, "driver declined");
            case TIMED_OUT ->
                store.settle(campaign, answer.vin(), VehicleStatus.DECLINED, "driver did not answer in time");
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
            String reason =
                    "no progress for " + campaign.definition().policies().vehicleTimeout();
            outbox.publish(
                    new AssignmentCancelled(UUID.randomUUID(), now, vehicle.vin(), vehicle.assignmentId(), id, reason));
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

    private void failed(UUID id, CampaignVehicle vehicle, String reason) {
        RetryPolicy retry = campaigns.get(id).definition().policies().retry();
        Optional<Instant> next = retry.nextAttempt(vehicle.attempts(), reason, clock.instant());
        if (next.isPresent()) {
            store.retryLater(id, vehicle.vin(), next.get(), reason);
        } else {
            store.settle(id, vehicle.vin(), VehicleStatus.FAILED, reason);
        }
    }

    /**
     * The campaign vehicle behind an assignment, if the assignment is still open. Reports for assignments this service
     * did not make (rollback assignments) are not ours; a report from an unregistered VIN is rejected.
     */
    private Optional<CampaignVehicle> openAssignment(String vin, UUID assignment) {
        if (registry.find(vin).isEmpty()) {
            throw new MalformedEventException("report from unregistered VIN " + vin);
        }
        return store.byAssignment(assignment)
                .filter(vehicle -> vehicle.vin().equals(vin))
                .filter(vehicle -> vehicle.status().isOpen());
    }
}
