package dev.ota.platform.assignments;

import dev.ota.contracts.AssignmentSeals;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import java.security.PrivateKey;

/** Seals the assignments this service makes, with its own key, before they go into the outbox. */
public final class AssignmentSigner {

    private final String name;
    private final PrivateKey key;

    public AssignmentSigner(String name, PrivateKey key) {
        this.name = name;
        this.key = key;
    }

    public UpdateAssigned seal(UpdateAssigned assignment) {
        return assignment.sealed(AssignmentSeals.seal(assignment, name, key));
    }

    public RollbackAssigned seal(RollbackAssigned assignment) {
        return assignment.sealed(AssignmentSeals.seal(assignment, name, key));
    }
}
