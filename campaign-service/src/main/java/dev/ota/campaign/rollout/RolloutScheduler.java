package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Drives rollouts: frequent dispatch rounds for running campaigns, and a slower round for stage gates, vehicle
 * timeouts, scheduled starts and continuous targeting. Each campaign's work is its own transaction, so one failing
 * campaign does not hold up the others.
 */
@Component
@ConditionalOnProperty(name = "ota.campaign.rollout.scheduler-enabled", havingValue = "true", matchIfMissing = true)
class RolloutScheduler {

    private static final Logger log = LoggerFactory.getLogger(RolloutScheduler.class);

    private final Campaigns campaigns;
    private final Rollouts rollouts;
    private final Dispatcher dispatcher;
    private final StageGate gate;
    private final VehicleProgress progress;
    private final RolloutProperties properties;
    private final Clock clock;

    RolloutScheduler(
            Campaigns campaigns,
            Rollouts rollouts,
            Dispatcher dispatcher,
            StageGate gate,
            VehicleProgress progress,
            RolloutProperties properties,
            Clock clock) {
        this.campaigns = campaigns;
        this.rollouts = rollouts;
        this.dispatcher = dispatcher;
        this.gate = gate;
        this.progress = progress;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ota.campaign.rollout.dispatch-interval:200ms}")
    void dispatch() {
        for (UUID id : campaigns.idsIn(CampaignState.RUNNING)) {
            safely(id, "dispatch", () -> {
                int sent;
                do {
                    sent = dispatcher.dispatch(id);
                } while (sent >= properties.batchSize());
            });
        }
    }

    @Scheduled(fixedDelayString = "${ota.campaign.rollout.gate-interval:1s}")
    void gates() {
        for (UUID id : campaigns.dueToStart(clock.instant())) {
            safely(id, "scheduled start", () -> rollouts.start(id, "scheduler", "scheduled start time reached"));
        }
        List<UUID> underway = campaigns.idsIn(CampaignState.RUNNING);
        for (UUID id : underway) {
            safely(id, "continuous targeting", () -> rollouts.joinLateVehicles(id));
            safely(id, "stage gate", () -> gate.advanceIfDue(id));
        }
        for (UUID id : underway) {
            safely(id, "vehicle timeouts", () -> progress.timeOutStalled(id));
        }
        for (UUID id : campaigns.idsIn(CampaignState.PAUSED)) {
            safely(id, "vehicle timeouts", () -> progress.timeOutStalled(id));
        }
    }

    private static void safely(UUID id, String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{} failed for campaign {}: {}", what, id, e.toString());
        }
    }
}
