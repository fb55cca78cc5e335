package dev.ota.gateway.director;

import dev.ota.contracts.EventCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Whether a vehicle's ask may go to the director, as the uplink judges reports: the broker stamped the connection's
 * certificate VIN and it is the topic's VIN, the ask is within the size limit, and it reads. An ask without the stamp
 * is refused whatever {@code require-broker-identity} says for reports (the answer is the vehicle's metadata: nobody
 * else's connection may ask for it). The payload is {@code {"knownTargetsVersion": n}} or empty (nothing known).
 */
final class DirectorAskCheck {

    /** Why an ask was refused: the names are what refusals are counted by. */
    enum Refusal {
        no_identity,
        vin_mismatch,
        oversize,
        malformed,
        rate
    }

    /** An ask to forward ({@code refusal} null) or the refusal and its reason. */
    record Verdict(
            long knownTargetsVersion,
            @Nullable Refusal refusal,
            @Nullable String reason) {

        static Verdict refused(Refusal refusal, String reason) {
            return new Verdict(0, refusal, reason);
        }
    }

    private final int maxBytes;

    DirectorAskCheck(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    Verdict check(String topicVin, @Nullable String stampedVin, byte[] payload) {
        if (stampedVin == null) {
            return Verdict.refused(Refusal.no_identity, "no broker identity stamp: asking needs the access extension");
        }
        if (!stampedVin.equals(topicVin)) {
            return Verdict.refused(
                    Refusal.vin_mismatch,
                    "the connection's certificate is " + stampedVin + "'s, not the asking vehicle " + topicVin + "'s");
        }
        if (payload.length > maxBytes) {
            return Verdict.refused(
                    Refusal.oversize, "an ask of " + payload.length + " bytes exceeds the limit of " + maxBytes);
        }
        if (payload.length == 0) {
            return new Verdict(0, null, null);
        }
        try {
            JsonNode ask = EventCodec.mapper().readTree(payload);
            JsonNode known = ask.path("knownTargetsVersion");
            if (!ask.isObject()) {
                return Verdict.refused(Refusal.malformed, "an ask is a JSON object");
            }
            if (known.isMissingNode()) {
                return new Verdict(0, null, null);
            }
            if (!known.isIntegralNumber() || known.asLong() < 0) {
                return Verdict.refused(Refusal.malformed, "knownTargetsVersion is a whole number >= 0");
            }
            return new Verdict(known.asLong(), null, null);
        } catch (JacksonException unreadable) {
            return Verdict.refused(Refusal.malformed, "an ask is JSON: " + unreadable.getOriginalMessage());
        }
    }
}
