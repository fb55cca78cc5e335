package dev.ota.pki.broker;

import dev.ota.contracts.mqtt.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's count of connected vehicles, as the vehicle access extension publishes it: a retained message on
 * {@code ota/v1/broker/{broker id}/connected-vehicles} with the JSON
 * {@code {"connectedVehicles":N,"refused":{"revoked":n,...}}} (the refusals by reason since the node started), repeated at a
 * fixed interval and expiring after three of them, so the count of a broker that went away disappears. "broker" is no
 * VIN (VINs are 17 characters), so the topic cannot collide with a vehicle's; only platform identities may read it.
 */
public final class ConnectedVehiclesReport {

    /** Matches the report of every broker node. */
    public static final String TOPIC_FILTER = MqttTopics.PREFIX + "broker/+/connected-vehicles";

    private static final Pattern TOPIC =
            Pattern.compile(Pattern.quote(MqttTopics.PREFIX + "broker/") + "([^/]+)/connected-vehicles");
    private static final Pattern PAYLOAD = Pattern.compile(
            "\\{\\s*\"connectedVehicles\"\\s*:\\s*(\\d{1,9})\\s*(,\\s*\"refused\"\\s*:\\s*\\{([^}]*)}\\s*)?}");
    private static final Pattern REFUSAL = Pattern.compile("\"([a-z_]{1,40})\"\\s*:\\s*(\\d{1,18})");

    private ConnectedVehiclesReport() {}

    public static String topic(String brokerId) {
        if (brokerId.isEmpty() || brokerId.contains("/") || brokerId.contains("+") || brokerId.contains("#")) {
            throw new IllegalArgumentException("not usable as a topic level: " + brokerId);
        }
        return MqttTopics.PREFIX + "broker/" + brokerId + "/connected-vehicles";
    }

    public static byte[] payload(int connectedVehicles) {
        return payload(connectedVehicles, Map.of());
    }

    public static byte[] payload(int connectedVehicles, Map<String, Long> refused) {
        StringBuilder json = new StringBuilder("{\"connectedVehicles\":").append(connectedVehicles);
        if (!refused.isEmpty()) {
            StringJoiner counts = new StringJoiner(",", "{", "}");
            new TreeMap<>(refused).forEach((reason, count) -> counts.add("\"" + reason + "\":" + count));
            json.append(",\"refused\":").append(counts);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The refusals by reason in a report's payload; empty when the payload is not a report or has none. */
    public static Map<String, Long> refused(byte[] payload) {
        Matcher matcher = PAYLOAD.matcher(new String(payload, StandardCharsets.UTF_8).strip());
        if (!matcher.matches() || matcher.group(3) == null) {
            return Map.of();
        }
        Map<String, Long> refused = new TreeMap<>();
        Matcher entry = REFUSAL.matcher(matcher.group(3));
        while (entry.find()) {
            refused.put(entry.group(1), Long.parseLong(entry.group(2)));
        }
        return refused;
    }

    /** The broker id of a report topic; empty for any other topic. */
    public static Optional<String> brokerId(String topic) {
        Matcher matcher = TOPIC.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The count in a report's payload; empty when the payload is not a report. */
    public static OptionalInt connectedVehicles(byte[] payload) {
        Matcher matcher = PAYLOAD.matcher(new String(payload, StandardCharsets.UTF_8).strip());
        return matcher.matches() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
