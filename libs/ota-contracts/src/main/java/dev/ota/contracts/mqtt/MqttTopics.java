package dev.ota.contracts.mqtt;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The vehicle-side MQTT scheme {@code ota/v1/{vin}/{channel}}. Server to vehicle: {@code cmd}. Vehicle to server:
 * {@code manifest}, {@code status}, {@code health}, {@code consent}. Gateways subscribe through shared subscriptions
 * ({@code $share/gateway/...}) so replicas split the load.
 *
 * <p>Certificate renewal has a pair of its own, outside {@link Channel} (whose vehicle-to-server channels are reports
 * bridged to Kafka): the vehicle publishes a CSR on {@code ota/v1/{vin}/csr} and the gateway answers on
 * {@code ota/v1/{vin}/certificate}. So does asking the director for metadata (Uptane 2.0 section 5.2, the director's
 * interface for primaries): the vehicle asks on {@code ota/v1/{vin}/director-request} and the gateway answers with
 * the director's stored metadata on {@code ota/v1/{vin}/director}.
 */
public final class MqttTopics {

    public static final String PREFIX = "ota/v1/";
    public static final String SHARED_GROUP = "gateway";

    private static final String CERTIFICATE_REQUEST = "csr";
    private static final String CERTIFICATE_ANSWER = "certificate";
    private static final String DIRECTOR_REQUEST = "director-request";
    private static final String DIRECTOR_ANSWER = "director";

    /** A VIN as ISO 3779 defines it: 17 characters, no I, O or Q. */
    private static final Pattern VIN = Pattern.compile("[A-HJ-NPR-Z0-9]{17}");

    private MqttTopics() {}

    /** Channels a vehicle may use. */
    public enum Channel {
        CMD("cmd", false),
        MANIFEST("manifest", true),
        STATUS("status", true),
        HEALTH("health", true),
        CONSENT("consent", true);

        private final String segment;
        private final boolean fromVehicle;

        Channel(String segment, boolean fromVehicle) {
            this.segment = segment;
            this.fromVehicle = fromVehicle;
        }

        public String segment() {
            return segment;
        }

        public boolean fromVehicle() {
            return fromVehicle;
        }

        static Optional<Channel> of(String segment) {
            for (Channel channel : values()) {
                if (channel.segment.equals(segment)) {
                    return Optional.of(channel);
                }
            }
            return Optional.empty();
        }
    }

    /** A parsed vehicle topic. */
    public record VehicleTopic(String vin, Channel channel) {}

    public static String topic(String vin, Channel channel) {
        if (!isVin(vin)) {
            throw new IllegalArgumentException("not a VIN: " + vin);
        }
        return PREFIX + vin + "/" + channel.segment();
    }

    public static String command(String vin) {
        return topic(vin, Channel.CMD);
    }

    /** Where a vehicle asks for a new certificate (a PEM CSR whose CN is its VIN). */
    public static String certificateRequest(String vin) {
        return vehicleTopic(vin, CERTIFICATE_REQUEST);
    }

    /** Where the gateway answers a vehicle's certificate request. */
    public static String certificateAnswer(String vin) {
        return vehicleTopic(vin, CERTIFICATE_ANSWER);
    }

    /** The shared subscription filter gateways use for vehicles' certificate requests. */
    public static String sharedCertificateRequests() {
        return "$share/" + SHARED_GROUP + "/" + PREFIX + "+/" + CERTIFICATE_REQUEST;
    }

    /** The VIN of a certificate request topic {@code ota/v1/{vin}/csr}; empty for any other topic. */
    public static Optional<String> certificateRequester(String topic) {
        return vinOf(topic, CERTIFICATE_REQUEST);
    }

    /** Where a vehicle asks the director for its metadata. */
    public static String directorRequest(String vin) {
        return vehicleTopic(vin, DIRECTOR_REQUEST);
    }

    /** Where the gateway publishes the director's answer to a vehicle's ask. */
    public static String directorAnswer(String vin) {
        return vehicleTopic(vin, DIRECTOR_ANSWER);
    }

    /** The shared subscription filter gateways use for vehicles' director asks. */
    public static String sharedDirectorRequests() {
        return "$share/" + SHARED_GROUP + "/" + PREFIX + "+/" + DIRECTOR_REQUEST;
    }

    /** The VIN of a director request topic {@code ota/v1/{vin}/director-request}; empty for any other topic. */
    public static Optional<String> directorRequester(String topic) {
        return vinOf(topic, DIRECTOR_REQUEST);
    }

    private static Optional<String> vinOf(String topic, String segment) {
        if (!topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        return parts.length == 2 && isVin(parts[0]) && parts[1].equals(segment)
                ? Optional.of(parts[0])
                : Optional.empty();
    }

    private static String vehicleTopic(String vin, String segment) {
        if (!isVin(vin)) {
            throw new IllegalArgumentException("not a VIN: " + vin);
        }
        return PREFIX + vin + "/" + segment;
    }

    /** The shared subscription filter a gateway uses for one vehicle-to-server channel. */
    public static String sharedSubscription(Channel channel) {
        return "$share/" + SHARED_GROUP + "/" + PREFIX + "+/" + channel.segment();
    }

    public static boolean isVin(String candidate) {
        return VIN.matcher(candidate).matches();
    }

    /** Parses {@code ota/v1/{vin}/{channel}}; empty when the topic is not of the scheme. */
    public static Optional<VehicleTopic> parse(String topic) {
        if (!topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2 || !isVin(parts[0])) {
            return Optional.empty();
        }
        return Channel.of(parts[1]).map(channel -> new VehicleTopic(parts[0], channel));
    }
}
