package dev.ota.contracts.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's report that it admitted a vehicle with a recently issued certificate, published by the vehicle access
 * extension (QoS 1, not retained) on {@code ota/v1/broker/{broker id}/certificate-in-use} with the JSON
 * {@code {"vin":"...","serial":"<hex>"}}; a gateway forwards it to the fleet CA, which then revokes what a renewal
 * replaced. Only platform identities may read or write the {@code broker/} level ("broker" is no VIN).
 *
 * @param vin the certificate's VIN
 * @param serial the certificate's serial, hexadecimal
 */
public record CertificateInUseReport(String vin, String serial) {

    /** Matches every broker node's reports. */
    public static final String TOPIC_FILTER = MqttTopics.PREFIX + "broker/+/certificate-in-use";

    private static final Pattern PAYLOAD = Pattern.compile(
            "\\{\\s*\"vin\"\\s*:\\s*\"([A-HJ-NPR-Z0-9]{17})\"\\s*,\\s*\"serial\"\\s*:\\s*\"([0-9a-f]{1,40})\"\\s*}");

    /** The shared subscription the gateways split the reports with. */
    public static String sharedSubscription() {
        return "$share/gateway/" + TOPIC_FILTER;
    }

    public static String topic(String brokerId) {
        return MqttTopics.PREFIX + "broker/" + brokerId + "/certificate-in-use";
    }

    public byte[] payload() {
        return ("{\"vin\":\"" + vin + "\",\"serial\":\"" + serial + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** The report in a payload; empty when it is not one. */
    public static Optional<CertificateInUseReport> parse(byte[] payload) {
        Matcher matcher = PAYLOAD.matcher(new String(payload, StandardCharsets.US_ASCII).strip());
        return matcher.matches()
                ? Optional.of(new CertificateInUseReport(matcher.group(1), matcher.group(2)))
                : Optional.empty();
    }
}
