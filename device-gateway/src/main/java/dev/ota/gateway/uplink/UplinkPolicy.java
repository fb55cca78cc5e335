package dev.ota.gateway.uplink;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import dev.ota.uptane.metadata.SignedDocument;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a vehicle message may enter the platform. It must be on a vehicle-to-server channel of the topic
 * scheme, within the size limit, a well-formed event of the one type that channel carries, and about the vehicle
 * whose topic it came in on. When the broker stamped the certificate identity, that must be the same vehicle too:
 * topic VIN, payload VIN and certificate identity all agree, or nothing is forwarded. A manifest must be a signed
 * version manifest about that same vehicle.
 *
 * <p>What is forwarded carries a platform event id, not the vehicle's: {@link VehicleEventIds#stamp} derives it from
 * the VIN and the vehicle's own id (kept as {@code vehicleEventId}), so nothing a vehicle sends can carry the id of a
 * platform event or of another vehicle's report and have that event skipped as a duplicate downstream.
 */
final class UplinkPolicy {

    private final UplinkProperties properties;

    UplinkPolicy(UplinkProperties properties) {
        this.properties = properties;
    }

    UplinkVerdict check(String mqttTopic, byte[] payload, @Nullable String brokerIdentity) {
        Optional<MqttTopics.VehicleTopic> parsed = MqttTopics.parse(mqttTopic);
        if (parsed.isEmpty()) {
            return new UplinkVerdict.Refuse(
                    null,
                    brokerIdentity,
                    Topics.VEHICLE_REPORTS,
                    UplinkRefusal.NOT_A_VEHICLE_TOPIC,
                    "not a vehicle topic: " + mqttTopic);
        }
        String vin = parsed.get().vin();
        Channel channel = parsed.get().channel();
        String kafkaTopic = channel == Channel.HEALTH ? Topics.VEHICLE_HEALTH : Topics.VEHICLE_REPORTS;
        Refusing refuse =
                (refusal, detail) -> new UplinkVerdict.Refuse(vin, brokerIdentity, kafkaTopic, refusal, detail);
        if (!channel.fromVehicle()) {
            return refuse.with(UplinkRefusal.DOWNLINK_CHANNEL, "vehicles may not publish on " + channel.segment());
        }
        if (payload.length > properties.maxPayloadBytes()) {
            return refuse.with(
                    UplinkRefusal.OVERSIZED,
                    "payload of " + payload.length + " bytes exceeds the limit of " + properties.maxPayloadBytes());
        }
        if (brokerIdentity == null && properties.requireBrokerIdentity()) {
            return refuse.with(UplinkRefusal.NO_IDENTITY, "no certificate identity stamped by the broker");
        }
        if (brokerIdentity != null && !brokerIdentity.equals(vin)) {
            return refuse.with(
                    UplinkRefusal.IDENTITY_MISMATCH,
                    "certificate identity " + brokerIdentity + " does not match topic VIN " + vin);
        }
        OtaEvent event;
        try {
            event = EventCodec.decode(payload)
                    .orElseThrow(() -> new MalformedEventException("unknown event type on " + channel.segment()));
        } catch (MalformedEventException malformed) {
            return refuse.with(
                    UplinkRefusal.MALFORMED, Objects.requireNonNullElse(malformed.getMessage(), "malformed"));
        }
        if (!carries(channel, event)) {
            return refuse.with(
                    UplinkRefusal.WRONG_CHANNEL, event.type() + " does not belong on channel " + channel.segment());
        }
        if (!vin.equals(event.key())) {
            return refuse.with(
                    UplinkRefusal.PAYLOAD_VIN_MISMATCH,
                    "payload VIN " + event.key() + " does not match topic VIN " + vin);
        }
        if (event instanceof ManifestReported manifest) {
            String problem = manifestProblem(vin, manifest.manifest());
            if (problem != null) {
                return refuse.with(UplinkRefusal.MANIFEST_INVALID, problem);
            }
        }
        VehicleEventIds.Stamped stamped;
        try {
            stamped = VehicleEventIds.stamp(payload, vin);
        } catch (MalformedEventException malformed) {
            return refuse.with(
                    UplinkRefusal.MALFORMED, Objects.requireNonNullElse(malformed.getMessage(), "malformed"));
        }
        return new UplinkVerdict.Forward(vin, kafkaTopic, event, stamped);
    }

    /**
     * A manifest must be a signed Uptane vehicle version manifest about this vehicle, signed by at least one key,
     * with every ECU report signed. Whether the keys are the ones registered for the vehicle is for the owner of the
     * ECU key inventory to check (campaign-service verifies every manifest, nonces included, and publishes only what
     * passes); the gateway refuses early what can never pass.
     */
    private static @Nullable String manifestProblem(String vin, String text) {
        SignedDocument<VehicleVersionManifest> manifest;
        try {
            manifest = Manifests.parse(text);
        } catch (RuntimeException malformed) {
            return "manifest is not a signed vehicle version manifest: " + malformed.getMessage();
        }
        if (!vin.equals(manifest.body().vin())) {
            return "manifest is about VIN " + manifest.body().vin() + ", not topic VIN " + vin;
        }
        if (manifest.signatures().isEmpty()) {
            return "manifest carries no signature";
        }
        for (var report : manifest.body().ecuReports().entrySet()) {
            if (report.getValue().signatures().isEmpty()) {
                return "version report of ECU " + report.getKey() + " carries no signature";
            }
        }
        return null;
    }

    /** Builds the refusal of the message being checked, with its topic VIN, sender and Kafka topic. */
    @FunctionalInterface
    private interface Refusing {
        UplinkVerdict.Refuse with(UplinkRefusal refusal, String detail);
    }

    private static boolean carries(Channel channel, OtaEvent event) {
        return switch (channel) {
            case MANIFEST -> event instanceof ManifestReported;
            case STATUS -> event instanceof UpdateProgress;
            case HEALTH -> event instanceof HealthBeacon;
            case CONSENT -> event instanceof ConsentAnswered;
            case CMD -> false;
        };
    }
}
