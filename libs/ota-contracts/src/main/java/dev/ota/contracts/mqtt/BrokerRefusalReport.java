package dev.ota.contracts.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's report that it refused a vehicle: a publish or subscribe outside its own topics, or a connect (revoked,
 * under another client id, too often) or the session it had (disconnected at its revocation). Published by the vehicle
 * access extension (QoS 1, not retained) on {@code ota/v1/broker/{broker id}/refused} with the JSON
 * {@code {"vin":"...","refusal":"publish_denied","topic":"<base64url>"}}; a gateway records it in the audit log under
 * that VIN. The topic (for a connect: the client id), which the vehicle chose, travels base64url-encoded (so that no
 * character of it can break the JSON) and cut to {@value #TOPIC_LIMIT} characters. Only platform identities may read
 * or write the {@code broker/} level.
 *
 * @param vin the VIN of the refused vehicle's certificate
 * @param refusal the broker's name for the refusal: {@code publish_denied}, {@code subscribe_denied}, {@code revoked},
 *     {@code client_id_not_vin}, {@code connect_rate}, {@code revoked_disconnected}
 * @param topic the topic or topic filter it was refused, or for a connect the client id it connected with; possibly cut
 */
public record BrokerRefusalReport(String vin, String refusal, String topic) {

    /** The longest topic a report carries; an MQTT topic may be 65,535 bytes. */
    public static final int TOPIC_LIMIT = 256;

    /** Matches every broker node's reports. */
    public static final String TOPIC_FILTER = MqttTopics.PREFIX + "broker/+/refused";

    private static final Pattern PAYLOAD = Pattern.compile("\\{\\s*\"vin\"\\s*:\\s*\"([A-HJ-NPR-Z0-9]{17})\"\\s*,"
            + "\\s*\"refusal\"\\s*:\\s*\"([a-z_]{1,32})\"\\s*,\\s*\"topic\"\\s*:\\s*\"([A-Za-z0-9_-]{0,1400})\"\\s*}");

    public BrokerRefusalReport {
        topic = topic.length() > TOPIC_LIMIT ? topic.substring(0, TOPIC_LIMIT) : topic;
    }

    /** The shared subscription the gateways split the reports with. */
    public static String sharedSubscription() {
        return "$share/gateway/" + TOPIC_FILTER;
    }

    public static String topic(String brokerId) {
        return MqttTopics.PREFIX + "broker/" + brokerId + "/refused";
    }

    /** True for a refused publish or subscribe, whose {@link #topic} is an MQTT topic; false for a refused connect. */
    public boolean refusedATopic() {
        return refusal.equals("publish_denied") || refusal.equals("subscribe_denied");
    }

    public byte[] payload() {
        String encodedTopic =
                Base64.getUrlEncoder().withoutPadding().encodeToString(topic.getBytes(StandardCharsets.UTF_8));
        return ("{\"vin\":\"" + vin + "\",\"refusal\":\"" + refusal + "\",\"topic\":\"" + encodedTopic + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The report in a payload; empty when it is not one. */
    public static Optional<BrokerRefusalReport> parse(byte[] payload) {
        Matcher matcher = PAYLOAD.matcher(new String(payload, StandardCharsets.US_ASCII).strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            String topic = new String(Base64.getUrlDecoder().decode(matcher.group(3)), StandardCharsets.UTF_8);
            return Optional.of(new BrokerRefusalReport(matcher.group(1), matcher.group(2), topic));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
