package dev.ota.audit.bundle;

import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessKey;
import java.util.List;

/**
 * How many of the witnesses an auditor trusts must have cosigned a bundle's checkpoint. With cosignatures, a log that
 * shows one history to the auditor and another to everyone else must also get independent witnesses to cosign both,
 * which they refuse (they cosign only consistent extensions of what they saw).
 *
 * @param witnesses the trusted witness keys, obtained out of band like the log's key
 * @param required how many distinct trusted witnesses must have cosigned
 */
public record WitnessPolicy(List<WitnessKey> witnesses, int required) {

    public static final WitnessPolicy NONE = new WitnessPolicy(List.of(), 0);

    public WitnessPolicy {
        witnesses = List.copyOf(witnesses);
        if (required < 0 || required > witnesses.size()) {
            throw new IllegalArgumentException(
                    "cannot require " + required + " cosignatures of " + witnesses.size() + " trusted witnesses");
        }
    }

    /** The trusted witnesses whose valid cosignature the note carries. */
    List<String> cosigners(SignedNote note) {
        return witnesses.stream()
                .filter(w -> w.cosigned(note))
                .map(WitnessKey::name)
                .distinct()
                .toList();
    }
}
