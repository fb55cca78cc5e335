package dev.ota.signing.director;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.AssignmentRefused;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the director does with an assignment it will not sign: records {@link AssignmentRefused} (through the outbox,
 * in a transaction of its own, so it stands although the consumer's transaction rolls back), counts it
 * ({@code ota_director_assignments_refused_total}), logs it, and throws so that the assignment is dead-lettered with the
 * reason.
 */
@Component
class AssignmentRefusals {

    private static final Logger log = LoggerFactory.getLogger(AssignmentRefusals.class);

    private final Outbox outbox;
    private final TransactionTemplate separately;
    private final MeterRegistry meters;

    AssignmentRefusals(Outbox outbox, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.outbox = outbox;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.meters = meters;
    }

    MalformedEventException refuse(AssignmentEvent assignment, String reason) {
        log.warn("refused {} {} for {}: {}", assignment.type(), assignment.eventId(), assignment.key(), reason);
        meters.counter("ota.director.assignments.refused", "type", assignment.type())
                .increment();
        separately.executeWithoutResult(status -> outbox.publish(new AssignmentRefused(
                UUID.randomUUID(),
                Instant.now(),
                assignment.key(),
                assignmentId(assignment),
                campaignId(assignment),
                assignment.eventId(),
                assignment.type(),
                reason)));
        return new MalformedEventException("director refused the assignment: " + reason);
    }

    private static UUID assignmentId(AssignmentEvent assignment) {
        return switch (assignment) {
            case UpdateAssigned update -> update.assignmentId();
            case RollbackAssigned rollback -> rollback.assignmentId();
            case dev.ota.contracts.events.AssignmentCancelled cancelled -> cancelled.assignmentId();
        };
    }

    private static @Nullable UUID campaignId(AssignmentEvent assignment) {
        return switch (assignment) {
            case UpdateAssigned update -> update.campaignId();
            case RollbackAssigned rollback -> rollback.campaignId();
            case dev.ota.contracts.events.AssignmentCancelled cancelled -> null;
        };
    }
}
