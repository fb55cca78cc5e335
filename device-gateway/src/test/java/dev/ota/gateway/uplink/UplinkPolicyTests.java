package dev.ota.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UplinkPolicyTests {

    private static final String VIN = "WDB12345678901234";
    private final UplinkPolicy policy = new UplinkPolicy(
            new UplinkProperties(4096, "ota-identity", false, Duration.ofMillis(500), 20, Duration.ofMinutes(1)));
    private final UplinkPolicy strict = new UplinkPolicy(
            new UplinkProperties(4096, "ota-identity", true, Duration.ofMillis(500), 20, Duration.ofMinutes(1)));

    @Test
    void forwardsAHealthBeaconToTheHealthTopic() {
        var beacon = new HealthBeacon(
                UUID.randomUUID(), Instant.now(), VIN, UUID.randomUUID(), "ECU-1", "hw", true, true, 0, Instant.now());

        var verdict = policy.check("ota/v1/" + VIN + "/health", EventCodec.encode(beacon), VIN);

        assertThat(verdict).isInstanceOfSatisfying(UplinkVerdict.Forward.class, forward -> {
            assertThat(forward.vin()).isEqualTo(VIN);
            assertThat(forward.kafkaTopic()).isEqualTo(Topics.VEHICLE_HEALTH);
            assertThat(forward.event()).isEqualTo(beacon);
        });
    }

    @Test
    void forwardsAMessageUnderAnIdDerivedFromTheVinNeverUnderTheIdTheVehicleChose() {
        UUID platformEventId = UUID.randomUUID(); // e.g. the commandId of an assignment the vehicle received
        var progress = new UpdateProgress(
                platformEventId, Instant.now(), VIN, UUID.randomUUID(), null, InstallPhase.FAILED, "boot loop");

        var verdict = policy.check("ota/v1/" + VIN + "/status", EventCodec.encode(progress), VIN);

        var forward = (UplinkVerdict.Forward) verdict;
        UUID derived = VehicleEventIds.derive(VIN, platformEventId);
        assertThat(forward.stamped().eventId()).isEqualTo(derived).isNotEqualTo(platformEventId);
        assertThat(forward.stamped().vehicleEventId()).isEqualTo(platformEventId);
        UpdateProgress sent = EventCodec.decode(forward.stamped().payload(), UpdateProgress.class);
        assertThat(sent.eventId()).isEqualTo(derived);
        assertThat(sent).usingRecursiveComparison().ignoringFields("eventId").isEqualTo(progress);
        assertThat(VehicleEventIds.vehicleEventId(forward.stamped().payload())).contains(platformEventId);
    }

    @Test
    void refusesTopicsOutsideTheVehicleScheme() {
        assertThat(policy.check("ota/v1/not-a-vin/status", new byte[0], null))
                .isEqualTo(new UplinkVerdict.Refuse(
                        null,
                        null,
                        Topics.VEHICLE_REPORTS,
                        UplinkRefusal.NOT_A_VEHICLE_TOPIC,
                        "not a vehicle topic: ota/v1/not-a-vin/status"));
    }

    @Test
    void refusesWhatAVehiclePublishesOnItsCommandTopic() {
        assertThat(policy.check("ota/v1/" + VIN + "/cmd", progress(VIN), null))
                .isEqualTo(new UplinkVerdict.Refuse(
                        VIN,
                        null,
                        Topics.VEHICLE_REPORTS,
                        UplinkRefusal.DOWNLINK_CHANNEL,
                        "vehicles may not publish on cmd"));
    }

    @Test
    void refusesAMessageWithoutTheBrokersIdentityStampWhenOneIsRequired() {
        assertThat(strict.check("ota/v1/" + VIN + "/status", progress(VIN), null))
                .isEqualTo(new UplinkVerdict.Refuse(
                        VIN,
                        null,
                        Topics.VEHICLE_REPORTS,
                        UplinkRefusal.NO_IDENTITY,
                        "no certificate identity stamped by the broker"));
        assertThat(strict.check("ota/v1/" + VIN + "/status", progress(VIN), VIN))
                .isInstanceOf(UplinkVerdict.Forward.class);
    }

    @Test
    void refusesAnEventOfAnUnknownType() {
        var verdict = policy.check("ota/v1/" + VIN + "/status", "{\"type\":\"ota.Future.v9\"}".getBytes(), null);

        assertThat(verdict)
                .isEqualTo(new UplinkVerdict.Refuse(
                        VIN, null, Topics.VEHICLE_REPORTS, UplinkRefusal.MALFORMED, "unknown event type on status"));
    }

    @Test
    void checksTheSizeLimitBeforeParsing() {
        var verdict = policy.check("ota/v1/" + VIN + "/status", new byte[4097], null);

        assertThat(verdict)
                .isEqualTo(new UplinkVerdict.Refuse(
                        VIN,
                        null,
                        Topics.VEHICLE_REPORTS,
                        UplinkRefusal.OVERSIZED,
                        "payload of 4097 bytes exceeds the limit of 4096"));
    }

    @Test
    void aRefusalNamesTheCertificateThatSentItNotTheVehicleItsTopicClaims() {
        String other = "WDB99999999999999";

        var verdict = strict.check("ota/v1/" + other + "/status", progress(other), VIN);

        assertThat(verdict).isInstanceOfSatisfying(UplinkVerdict.Refuse.class, refuse -> {
            assertThat(refuse.sender()).isEqualTo(VIN);
            assertThat(refuse.vin()).isEqualTo(other);
            assertThat(refuse.refusal()).isEqualTo(UplinkRefusal.IDENTITY_MISMATCH);
            assertThat(refuse.reason())
                    .isEqualTo("IDENTITY_MISMATCH: certificate identity " + VIN + " does not match topic VIN " + other);
        });
    }

    private static byte[] progress(String vin) {
        return EventCodec.encode(new UpdateProgress(
                UUID.randomUUID(), Instant.now(), vin, UUID.randomUUID(), null, InstallPhase.RECEIVED, null));
    }
}
