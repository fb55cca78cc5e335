package dev.ota.pki.broker;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.pki.FleetCa;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who a certificate belongs to and what it may do. A vehicle (CN = its VIN) may publish only on its own
 * vehicle-to-server channels and its certificate request topic, and subscribe only to its own command and certificate
 * answer topics, with its VIN as MQTT client id. A platform
 * component ({@code OU=platform}) may use the whole {@code ota/v1/} tree. Anything else is refused.
 */
final class VehicleAccess {

    sealed interface Identity {
        record Vehicle(String vin) implements Identity {}

        record Platform(String name) implements Identity {}

        record Refused(String reason) implements Identity {}
    }

    private final Predicate<X509Certificate> revoked;

    VehicleAccess(Predicate<X509Certificate> revoked) {
        this.revoked = revoked;
    }

    Identity identify(Optional<X509Certificate> certificate, String clientId) {
        if (certificate.isEmpty()) {
            return new Identity.Refused("a client certificate from the fleet CA is required");
        }
        X509Certificate cert = certificate.get();
        if (revoked.test(cert)) {
            return new Identity.Refused("certificate " + cert.getSerialNumber().toString(16) + " is revoked");
        }
        String cn = FleetCa.commonName(cert).orElse("");
        if (FleetCa.unit(cert).filter(FleetCa.PLATFORM_UNIT::equals).isPresent()) {
            return new Identity.Platform(cn);
        }
        if (!MqttTopics.isVin(cn)) {
            return new Identity.Refused("certificate CN is not a VIN");
        }
        if (!cn.equals(clientId)) {
            return new Identity.Refused("client id " + clientId + " is not the certificate's VIN " + cn);
        }
        return new Identity.Vehicle(cn);
    }

    static List<TopicPermission> permissions(Identity identity) {
        return switch (identity) {
            case Identity.Vehicle(String vin) -> {
                List<TopicPermission> own = new ArrayList<>();
                for (Channel channel : Channel.values()) {
                    own.add(Builders.topicPermission()
                            .topicFilter(MqttTopics.topic(vin, channel))
                            .type(TopicPermission.PermissionType.ALLOW)
                            .activity(
                                    channel.fromVehicle()
                                            ? TopicPermission.MqttActivity.PUBLISH
                                            : TopicPermission.MqttActivity.SUBSCRIBE)
                            .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
                            .build());
                }
                // certificate renewal: ask on its own request topic, hear the answer on its own answer topic
                own.add(Builders.topicPermission()
                        .topicFilter(MqttTopics.certificateRequest(vin))
                        .type(TopicPermission.PermissionType.ALLOW)
                        .activity(TopicPermission.MqttActivity.PUBLISH)
                        .build());
                own.add(Builders.topicPermission()
                        .topicFilter(MqttTopics.certificateAnswer(vin))
                        .type(TopicPermission.PermissionType.ALLOW)
                        .activity(TopicPermission.MqttActivity.SUBSCRIBE)
                        .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
                        .build());
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
}
