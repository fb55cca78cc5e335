package dev.ota.audit.bundle;

import dev.ota.contracts.EventTypes;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCreated;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What a bundle claims to hold; every entry must fit it. */
sealed interface Subject {

    static Subject parse(String text) {
        String[] parts = text.split(" ", -1);
        switch (parts[0]) {
            case "vin" -> {
                if (parts.length == 2 && !parts[1].isEmpty()) {
                    return new Vehicle(parts[1]);
                }
            }
            case "campaign" -> {
                if (parts.length == 2) {
                    UUID id = UUID.fromString(parts[1]);
                    if (id.toString().equals(parts[1])) {
                        return new Campaign(parts[1]);
                    }
                }
            }
            case "events" -> {
                if (parts.length == 4) {
                    return new Events(Instant.parse(parts[1]), Instant.parse(parts[2]), parts[3]);
                }
            }
            default -> {}
        }
        throw new IllegalArgumentException("unknown bundle subject: " + text);
    }

    /** @return a reason when an entry does not fit, else null */
    @Nullable
    String misfit(EventFacts event, List<EventFacts> all);

    /** The campaign events a vehicle's bundle carries beside the vehicle's own. */
    Set<String> CAMPAIGN_DECLARATIONS = Set.of(
            EventTypes.typeOf(CampaignCreated.class).name(),
            EventTypes.typeOf(CampaignApproved.class).name());

    record Vehicle(String vin) implements Subject {
        @Override
        public String toString() {
            return "vin " + vin;
        }

        /**
         * An entry fits when it is about the vehicle, or when it declares (created, approved) a campaign that one of
         * the bundle's entries about the vehicle names: that is where the RXSWIN and the approvals come from.
         */
        @Override
        public @Nullable String misfit(EventFacts event, List<EventFacts> all) {
            if (vin.equals(event.field("vin"))) {
                return null;
            }
            String campaign = event.field("campaignId");
            boolean declaresAnUpdatingCampaign = CAMPAIGN_DECLARATIONS.contains(event.type())
                    && !campaign.isEmpty()
                    && all.stream().anyMatch(e -> vin.equals(e.field("vin")) && campaign.equals(e.field("campaignId")));
            return declaresAnUpdatingCampaign ? null : "is not about vehicle " + vin;
        }
    }

    record Campaign(String campaignId) implements Subject {
        @Override
        public String toString() {
            return "campaign " + campaignId;
        }

        @Override
        public @Nullable String misfit(EventFacts event, List<EventFacts> all) {
            if (campaignId.equals(event.field("campaignId"))) {
                return null;
            }
            Set<String> assignments = new HashSet<>();
            all.stream()
                    .filter(e -> campaignId.equals(e.field("campaignId")))
                    .forEach(e -> assignments.add(e.field("assignmentId")));
            String assignment = event.field("assignmentId");
            return !assignment.isEmpty() && assignments.contains(assignment)
                    ? null
                    : "is not part of campaign " + campaignId;
        }
    }

    record Events(Instant from, Instant to, String type) implements Subject {
        @Override
        public String toString() {
            return "events " + from + " " + to + " " + type;
        }

        @Override
        public @Nullable String misfit(EventFacts event, List<EventFacts> all) {
            Instant at = Instant.parse(event.occurredAt());
            if (at.isBefore(from) || !at.isBefore(to)) {
                return "occurred outside [" + from + ", " + to + ")";
            }
            return type.equals("*") || type.equals(event.type()) ? null : "is not of type " + type;
        }
    }
}
