package dev.ota.platform.assignments;

import dev.ota.contracts.AssignmentSeals;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.AssignmentEvent;
import dev.ota.contracts.events.AssignmentSeal;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether an assignment was sealed by a signer allowed to make it: an update by an update signer (campaign-service), a
 * rollback by a rollback signer (rollback-service), with a signature over exactly what the assignment says. With no
 * signers configured, every update and rollback is refused: the check fails closed.
 */
public final class AssignmentSealCheck {

    private final Map<String, PublicKey> updateSigners;
    private final Map<String, PublicKey> rollbackSigners;

    public AssignmentSealCheck(Map<String, PublicKey> updateSigners, Map<String, PublicKey> rollbackSigners) {
        this.updateSigners = Map.copyOf(updateSigners);
        this.rollbackSigners = Map.copyOf(rollbackSigners);
    }

    /** Whether any signer may seal updates (a director without one can never sign anything). */
    public boolean trustsAnyUpdateSigner() {
        return !updateSigners.isEmpty();
    }

    /** Why the assignment may not be acted on; empty when its seal holds (a cancellation installs nothing). */
    public Optional<String> refusal(AssignmentEvent assignment) {
        return switch (assignment) {
            case UpdateAssigned update -> refusal(update, update.seal(), updateSigners, "update");
            case RollbackAssigned rollback -> refusal(rollback, rollback.seal(), rollbackSigners, "rollback");
            case AssignmentCancelled cancelled -> Optional.empty();
        };
    }

    private static Optional<String> refusal(
            AssignmentEvent assignment, @Nullable AssignmentSeal seal, Map<String, PublicKey> signers, String kind) {
        if (seal == null) {
            return Optional.of("unsealed " + kind + " assignment: no signer vouches for it");
        }
        PublicKey key = signers.get(seal.signer());
        if (key == null) {
            return Optional.of(kind + " assignment sealed by '" + seal.signer() + "', which may not seal " + kind
                    + "s (trusted: " + signers.keySet() + ")");
        }
        if (!AssignmentSeals.verifies(assignment, seal, key)) {
            return Optional.of(kind + " assignment whose seal by '" + seal.signer()
                    + "' does not match its content (forged or altered)");
        }
        return Optional.empty();
    }
}
