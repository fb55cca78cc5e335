package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The gateway refused a message a vehicle published: it was dead-lettered with the same reason and reached no
 * service. The audit record holds the payload's length and SHA-256, never its bytes: a hostile vehicle cannot write its
 * own text into the tamper-evident log, yet the dead-lettered copy can be matched to this record.
 *
 * @param sender the VIN of the certificate that published it, as the broker stamped it; {@value #UNIDENTIFIED} when the
 *     broker stamped no identity (then the record is keyed by that word, not by the VIN the topic claims)
 * @param mqttTopic the topic it was published on, which may name another vehicle; {@value #CONNECTION} when the broker
 *     refused the vehicle's connection rather than a message
 * @param reason the refusal's name, e.g. {@code OVERSIZED}, {@code IDENTITY_MISMATCH}, {@code MALFORMED}
 * @param detail what was wrong, in words
 * @param payloadBytes the payload's length
 * @param payloadSha256 the payload's SHA-256, hex
 * @param alsoRefused refusals of the same sender since its previous audited one that were counted but not audited one
 *     by one (the gateway audits a bounded number per sender and window, so that a flooding vehicle cannot flood the
 *     log)
 */
public record VehicleMessageRefused(
        UUID eventId,
        Instant occurredAt,
        String sender,
        String mqttTopic,
        String reason,
        String detail,
        long payloadBytes,
        String payloadSha256,
        long alsoRefused)
        implements EdgeEvent {

    /** The sender of a message that carried no broker-stamped certificate identity. */
    public static final String UNIDENTIFIED = "unidentified";

    /** The topic of a record about a refused connection (a revoked certificate, another client id, too many connects). */
    public static final String CONNECTION = "(connection)";

    public VehicleMessageRefused {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(sender, "sender");
        Require.text(mqttTopic, "mqttTopic");
        Require.text(reason, "reason");
        Require.text(detail, "detail");
        Require.text(payloadSha256, "payloadSha256");
        Require.nonNegative(payloadBytes, "payloadBytes");
        Require.nonNegative(alsoRefused, "alsoRefused");
    }

    @Override
    public String key() {
        return sender;
    }
}
