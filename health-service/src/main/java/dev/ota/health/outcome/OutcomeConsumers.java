package dev.ota.health.outcome;

import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleReport;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * The outcome feature's inputs. Assignments and progress reports are applied at most once per event id (inbox).
 * Beacons are not deduplicated by id: applying one is a monotone merge, so a redelivered beacon changes nothing, and
 * skipping the inbox is what makes the beacon path cheap. Beacons have their own batch listener: see {@link
 * BeaconListenerConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class OutcomeConsumers {

    @Bean
    Consumer<Message<byte[]>> healthAssignments(InboundEvents inbound, AssignmentOutcomes outcomes) {
        return inbound.idempotent("health-assignments", AssignmentEvent.class, event -> {
            switch (event) {
                case UpdateAssigned assigned -> outcomes.assigned(assigned);
                case RollbackAssigned rollback -> outcomes.rollbackAssigned(rollback);
                case AssignmentCancelled cancelled -> outcomes.cancelled(cancelled);
            }
        });
    }

    @Bean
    Consumer<Message<byte[]>> healthReports(InboundEvents inbound, AssignmentOutcomes outcomes) {
        return inbound.idempotent("health-reports", VehicleReport.class, report -> {
            if (report instanceof UpdateProgress progress) {
                outcomes.progressed(progress);
            }
        });
    }
}
