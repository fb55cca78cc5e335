package dev.ota.signing.director;

import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.platform.messaging.InboundEvents;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/** Assignments in, director metadata out: binding {@code directorAssignments-in-0} on ota.vehicle.assignments. */
@Configuration(proxyBeanMethods = false)
class DirectorConsumers {

    @Bean
    Consumer<Message<byte[]>> directorAssignments(InboundEvents inbound, Director director) {
        return inbound.idempotent("director-assignments", AssignmentEvent.class, event -> {
            switch (event) {
                case UpdateAssigned u ->
                    director.issue(u.vin(), u.assignmentId(), u.campaignId(), u.targets(), u.conditions());
                case RollbackAssigned r ->
                    director.issue(r.vin(), r.assignmentId(), r.campaignId(), r.targets(), InstallConditions.NONE);
                default -> {
                    // cancellations need no new metadata: the vehicle is told through the gateway's command channel
                }
            }
        });
    }
}
