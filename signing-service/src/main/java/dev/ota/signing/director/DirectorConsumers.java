package dev.ota.signing.director;

import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.platform.assignments.AssignmentSealCheck;
import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.InboundEvents;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

/**
 * Assignments in, director metadata out: binding {@code directorAssignments-in-0} on ota.vehicle.assignments. An
 * assignment is signed only when its seal holds ({@link AssignmentSealCheck}): whoever can write the assignments topic
 * without campaign-service's or rollback-service's key gets a refusal, never metadata. Vehicles' asks in, stored
 * metadata out: binding {@code directorRequests-in-0} on ota.director.requests ({@link DirectorAnswers}).
 */
@Configuration(proxyBeanMethods = false)
class DirectorConsumers {

    @Bean
    Consumer<Message<byte[]>> directorAssignments(
            InboundEvents inbound, Director director, AssignmentSealCheck seals, AssignmentRefusals refusals) {
        if (!seals.trustsAnyUpdateSigner()) {
            throw new IllegalStateException(
                    "ota.assignments.update-signers is empty (OTA_ASSIGNMENTS_CAMPAIGN_PUBLIC_KEY"
                            + " not set): the director would refuse every assignment. Give it campaign-service's public"
                            + " assignment key, and rollback-service's as ota.assignments.rollback-signers.");
        }
        return inbound.idempotent("director-assignments", AssignmentEvent.class, event -> {
            seals.refusal(event).ifPresent(reason -> {
                throw refusals.refuse(event, reason);
            });
            switch (event) {
                case UpdateAssigned u ->
                    director.issue(u.vin(), u.assignmentId(), u.campaignId(), u.targets(), u.conditions());
                case RollbackAssigned r ->
                    director.issue(r.vin(), r.assignmentId(), r.campaignId(), r.targets(), InstallConditions.NONE);
                case AssignmentCancelled c -> director.cancel(c.vin(), c.assignmentId());
            }
        });
    }

    /**
     * Stateless and batched: an ask changes nothing the director must remember, so no inbox (one delivered twice is
     * answered at most once by {@link DirectorAnswers}' memory of recent answers), and the asks of one poll are read
     * together.
     */
    @Bean
    Consumer<Message<List<byte[]>>> directorRequests(DirectorAnswers answers, BatchFailures failures) {
        return new DirectorAskBatches(answers, failures);
    }
}
