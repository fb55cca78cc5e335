package dev.ota.campaign.rollout;

import dev.ota.contracts.events.EcuTarget;
import java.util.List;

/** The outcome of checking one vehicle against a bundle (UNECE R156 7.1.1.7). */
sealed interface Compatibility {

    /** Why, in words an auditor can read. */
    String evidence();

    /** The vehicle may receive these targets. */
    record Compatible(List<EcuTarget> targets, String evidence) implements Compatibility {}

    /** The vehicle must not receive the bundle. */
    record Incompatible(List<String> reasons) implements Compatibility {

        @Override
        public String evidence() {
            return String.join("; ", reasons);
        }
    }

    /** Every ECU the bundle addresses already runs its image. */
    record AlreadyInstalled(String evidence) implements Compatibility {}
}
