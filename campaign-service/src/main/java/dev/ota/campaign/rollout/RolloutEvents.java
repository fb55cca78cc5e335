package dev.ota.campaign.rollout;

import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateProgress;
import org.springframework.stereotype.Component;

/** What the rollout does with each inbound event; the messaging adapter calls it inside the inbox transaction. */
@Component
public class RolloutEvents {

    private final StageGate gate;
    private final VehicleProgress progress;

    RolloutEvents(StageGate gate, VehicleProgress progress) {
        this.gate = gate;
        this.progress = progress;
    }

    public void verdict(StageVerdict verdict) {
        gate.verdict(verdict);
    }

    public void rollbackDecided(RollbackDecided decision) {
        gate.rollbackDecided(decision);
    }

    public void rollbackCompleted(RollbackCompleted completed) {
        gate.rollbackCompleted(completed);
    }

    public void progress(UpdateProgress report) {
        progress.progress(report);
    }

    public void consent(ConsentAnswered answer) {
        progress.consent(answer);
    }
}
