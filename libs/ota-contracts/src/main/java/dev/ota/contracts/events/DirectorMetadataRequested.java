package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle asked for its director metadata. The gateway writes it only for the VIN of the connection's certificate
 * (the broker's identity stamp), which is also the topic's VIN; the director answers with a
 * {@link DirectorMetadataAnswered} when it holds newer targets than the vehicle has.
 *
 * @param knownTargetsVersion the version of the director targets the vehicle already holds (0 for none): the director
 *     stays silent when it has nothing newer, so a vehicle that is up to date costs one lookup per ask
 */
public record DirectorMetadataRequested(UUID eventId, Instant occurredAt, String vin, long knownTargetsVersion)
        implements DirectorAskEvent {

    public DirectorMetadataRequested {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.nonNegative(knownTargetsVersion, "knownTargetsVersion");
    }

    @Override
    public String key() {
        return vin;
    }

    @Override
    public String topic() {
        return Topics.DIRECTOR_REQUESTS;
    }
}
