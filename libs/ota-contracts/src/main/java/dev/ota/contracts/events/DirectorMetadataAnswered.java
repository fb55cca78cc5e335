package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The director's answer to a {@link DirectorMetadataRequested}: the vehicle's latest stored director metadata, which
 * the gateway publishes unchanged to the vehicle on {@code ota/v1/{vin}/director}. The same documents as a
 * {@link DirectorMetadataIssued} (file name to exact JSON text: every director root, {@code timestamp.json},
 * {@code {V}.snapshot.json}, {@code {V}.targets.json}), possibly with a newer timestamp and snapshot. A vehicle without
 * an assignment gets signed targets that list no image ("nothing for you"), and no assignment.
 *
 * @param requestId the event id of the request
 * @param targetsVersion the version of the director targets in {@code metadata}
 * @param assignmentId the assignment the targets carry out; null when they list nothing
 * @param campaignId the campaign of that assignment; null for a rollback outside a campaign or when they list nothing
 * @param conditions the install conditions of the assignment (also signed into the targets); null when none
 */
public record DirectorMetadataAnswered(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID requestId,
        long targetsVersion,
        @Nullable UUID assignmentId,
        @Nullable UUID campaignId,
        @Nullable InstallConditions conditions,
        Map<String, String> metadata)
        implements DirectorAskEvent {

    public DirectorMetadataAnswered {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(requestId, "requestId");
        Require.nonNegative(targetsVersion, "targetsVersion");
        metadata = Require.map(metadata);
        if (metadata.isEmpty()) {
            throw new dev.ota.contracts.MalformedEventException("an answer without any director document");
        }
    }

    @Override
    public String key() {
        return vin;
    }

    @Override
    public String topic() {
        return Topics.DIRECTOR_ANSWERS;
    }
}
