package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformIssuer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a certificate belongs to and what it may do. A platform client is one whose certificate the platform issuer
 * signed; a vehicle is one whose certificate the fleet CA signed, whose CN is a VIN, and whose MQTT client id is that
 * VIN. Which of the two a client is follows from the key that signed its certificate, never from a field in it: the
 * fleet CA signs whatever subject it writes for a vehicle, and nothing a vehicle can ask it for is a platform identity.
 * A vehicle may publish only on its own vehicle-to-server channels, its certificate request topic and its director
 * request topic, and subscribe only to its own command, certificate answer and director answer topics, never through a
 * shared subscription. A platform client may
 * use the whole {@code ota/v1/} tree. Anything else is refused, with a {@link Refusal} that says why.
 */
final class VehicleAccess {

    /** The two issuers the broker's TLS listener trusts, each for one kind of client. */
    record Issuers(X509Certificate fleetCa, X509Certificate platformIssuer) {}

    /** Why a client or one of its packets was refused; the names are what the broker counts refusals by. */
    enum Refusal {
        no_certificate,
        unknown_issuer,
        revoked,
        not_a_vin,
        client_id_not_vin,
        connect_rate,
        publish_denied,
        subscribe_denied,
        revoked_disconnected
    }

    sealed interface Identity {
        record Vehicle(String vin) implements Identity {}

        record Platform(String name) implements Identity {}

        record Refused(Refusal reason, String message) implements Identity {}
    }

    private final Issuers issuers;
    private final Revocations revocations;

    VehicleAccess(Issuers issuers, Revocations revocations) {
        this.issuers = issuers;
        this.revocations = revocations;
    }

    /** Who the client is, revocation included: what a connect is judged by. */
    Identity identify(Optional<X509Certificate> certificate, String clientId) {
        if (certificate.isEmpty()) {
            return new Identity.Refused(
                    Refusal.no_certificate,
                    "a client certificate from the fleet CA or the platform issuer is required");
        }
        X509Certificate cert = certificate.get();
        if (PlatformIssuer.signedBy(cert, issuers.platformIssuer())) {
            return new Identity.Platform(FleetCa.commonName(cert).orElse(clientId));
        }
        if (!PlatformIssuer.signedBy(cert, issuers.fleetCa())) {
            return new Identity.Refused(Refusal.unknown_issuer, "the certificate is from neither trusted issuer");
        }
        if (revocations.isRevoked(cert)) {
            return new Identity.Refused(
                    Refusal.revoked, "certificate " + cert.getSerialNumber().toString(16) + " is revoked");
        }
        String cn = FleetCa.commonName(cert).orElse("");
        if (!MqttTopics.isVin(cn)) {
            return new Identity.Refused(Refusal.not_a_vin, "certificate CN is not a VIN");
        }
        if (!cn.equals(clientId)) {
            return new Identity.Refused(
                    Refusal.client_id_not_vin, "client id " + clientId + " is not the certificate's VIN " + cn);
        }
        return new Identity.Vehicle(cn);
    }

    /**
     * The VIN a fleet CA certificate vouches for, revoked or not, whatever client id it came with: whom a refused
     * connect is audited under. Empty for any other certificate, whose subject no one vouched for.
     */
    Optional<String> certifiedVin(Optional<X509Certificate> certificate) {
        return certificate
                .filter(cert -> PlatformIssuer.signedBy(cert, issuers.fleetCa()))
                .flatMap(FleetCa::commonName)
                .filter(MqttTopics::isVin);
    }

    boolean revoked(X509Certificate certificate) {
        return revocations.isRevoked(certificate);
    }

    long revocationsVersion() {
        return revocations.version();
    }

    /** Any VIN: the topic levels below a vehicle's own prefix are the same for every vehicle. */
    private static final String ANY_VIN = "WVWZZZ1JZXW000042";

    private static final Set<String> PUBLISH_LEVELS = levelsBelowOwnPrefix(publishTopics(ANY_VIN));
    private static final Set<String> SUBSCRIBE_LEVELS = levelsBelowOwnPrefix(subscribeFilters(ANY_VIN));

    /**
     * Whether a vehicle may publish on {@code topic}: the same answer as {@link #publishTopics} contains it, without
     * building the set for every packet (this runs on each message a vehicle sends).
     */
    static boolean mayPublish(String vin, String topic) {
        return isOwn(vin, topic, PUBLISH_LEVELS);
    }

    /** Whether a vehicle may subscribe to {@code filter}: exactly one of {@link #subscribeFilters}. */
    static boolean maySubscribe(String vin, String filter) {
        return isOwn(vin, filter, SUBSCRIBE_LEVELS);
    }

    private static boolean isOwn(String vin, String topic, Set<String> levels) {
        int below = MqttTopics.PREFIX.length() + vin.length() + 1;
        return topic.length() > below
                && topic.startsWith(MqttTopics.PREFIX)
                && topic.startsWith(vin, MqttTopics.PREFIX.length())
                && topic.charAt(below - 1) == '/'
                && levels.contains(topic.substring(below));
    }

    private static Set<String> levelsBelowOwnPrefix(Set<String> topics) {
        String own = MqttTopics.PREFIX + ANY_VIN + "/";
        Set<String> levels = new HashSet<>();
        for (String topic : topics) {
            if (!topic.startsWith(own)) {
                throw new IllegalStateException(topic + " is not below a vehicle's own prefix " + own);
            }
            levels.add(topic.substring(own.length()));
        }
        return Set.copyOf(levels);
    }

    /**
     * The exact topics a vehicle may publish on: its vehicle-to-server channels, its certificate request and its ask
     * for director metadata.
     */
    static Set<String> publishTopics(String vin) {
        Set<String> topics = new HashSet<>();
        for (Channel channel : Channel.values()) {
            if (channel.fromVehicle()) {
                topics.add(MqttTopics.topic(vin, channel));
            }
        }
        topics.add(MqttTopics.certificateRequest(vin));
        topics.add(MqttTopics.directorRequest(vin));
        return topics;
    }

    /** The exact topic filters a vehicle may subscribe to: its commands, certificate answers and director answers. */
    static Set<String> subscribeFilters(String vin) {
        Set<String> filters = new HashSet<>();
        for (Channel channel : Channel.values()) {
            if (!channel.fromVehicle()) {
                filters.add(MqttTopics.topic(vin, channel));
            }
        }
        filters.add(MqttTopics.certificateAnswer(vin));
        filters.add(MqttTopics.directorAnswer(vin));
        return filters;
    }

    /** The same rules as HiveMQ default permissions (the last line of defence behind the authorizer). */
    static List<TopicPermission> permissions(Identity identity) {
        return switch (identity) {
            case Identity.Vehicle(String vin) -> {
                List<TopicPermission> own = new ArrayList<>();
                for (String topic : publishTopics(vin)) {
                    own.add(permission(topic, TopicPermission.MqttActivity.PUBLISH));
                }
                for (String filter : subscribeFilters(vin)) {
                    own.add(permission(filter, TopicPermission.MqttActivity.SUBSCRIBE));
                }
                yield own;
            }
            case Identity.Platform platform ->
                List.of(Builders.topicPermission()
                        .topicFilter(MqttTopics.PREFIX + "#")
                        .type(TopicPermission.PermissionType.ALLOW)
                        .build());
            case Identity.Refused refused -> List.of();
        };
    }

    private static TopicPermission permission(String topic, TopicPermission.MqttActivity activity) {
        return Builders.topicPermission()
                .topicFilter(topic)
                .type(TopicPermission.PermissionType.ALLOW)
                .activity(activity)
                .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
                .build();
    }
}
