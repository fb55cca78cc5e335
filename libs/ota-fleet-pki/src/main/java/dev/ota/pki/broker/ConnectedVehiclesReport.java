package dev.ota.pki.broker;

import dev.ota.contracts.mqtt.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's count of connected vehicles, as the vehicle access extension publishes it: a retained message on
 * {@code ota/v1/broker/{broker id}/connected-vehicles} with the JSON {@code {"connectedVehicles":N}}, repeated at a
 * fixed interval and expiring after three of them, so the count of a broker that went away disappears. "broker" is no
 * VIN (VINs are 17 characters), so the topic cannot collide with a vehicle's; only platform identities may read it.
 */
public final class ConnectedVehiclesReport {

    /** Matches the report of every broker node. */
    public static final String TOPIC_FILTER = MqttTopics.PREFIX + "broker/+/connected-vehicles";

    private static final Pattern TOPIC =
            Pattern.compile(Pattern.quote(MqttTopics.PREFIX + "broker/") + "([^/]+)/connected-vehicles");
    private static final Pattern PAYLOAD = Pattern.compile("\\{\\s*\"connectedVehicles\"\\s*:\\s*(\\d{1,9})\\s*}");

    private ConnectedVehiclesReport() {}

    public static String topic(String brokerId) {
        if (brokerId.isEmpty() || brokerId.contains("/") || brokerId.contains("+") || brokerId.contains("#")) {
            throw new IllegalArgumentException("not usable as a topic level: " + brokerId);
        }
        return MqttTopics.PREFIX + "broker/" + brokerId + "/connected-vehicles";
    }

    public static byte[] payload(int connectedVehicles) {
        return ("{\"connectedVehicles\":" + connectedVehicles + "}").getBytes(StandardCharsets.UTF_8);
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
