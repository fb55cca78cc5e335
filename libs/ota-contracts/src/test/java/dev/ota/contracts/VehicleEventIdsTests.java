package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VehicleEventIdsTests {

    private static final String VIN = "WDB12345678901234";
    private static final String OTHER_VIN = "WDB99999999999999";

    @Test
    void derivesOneNameBasedIdPerVinAndVehicleIdThatNoRandomIdCanEqual() {
        UUID chosen = UUID.randomUUID();

        UUID derived = VehicleEventIds.derive(VIN, chosen);

        assertThat(derived).isEqualTo(VehicleEventIds.derive(VIN, chosen));
        assertThat(derived.version()).isEqualTo(3);
        assertThat(chosen.version()).isEqualTo(4);
        assertThat(derived).isNotEqualTo(chosen).isNotEqualTo(VehicleEventIds.derive(OTHER_VIN, chosen));
    }

    @Test
    void stampingReplacesTheEventIdAndKeepsTheVehiclesOwnIdOverWhateverTheVehicleClaimed() {
        UUID platformId = UUID.randomUUID();
        var progress = new UpdateProgress(
                platformId, Instant.now(), VIN, UUID.randomUUID(), null, InstallPhase.FAILED, "boot loop");
        String json = EventCodec.encodeToString(progress);
        byte[] claimed = json.replace("{", "{\"vehicleEventId\":\"" + UUID.randomUUID() + "\",")
                .getBytes(StandardCharsets.UTF_8);

        VehicleEventIds.Stamped stamped = VehicleEventIds.stamp(claimed, VIN);

        UpdateProgress forwarded = EventCodec.decode(stamped.payload(), UpdateProgress.class);
        assertThat(stamped.vehicleEventId()).isEqualTo(platformId);
        assertThat(forwarded.eventId()).isEqualTo(stamped.eventId()).isEqualTo(VehicleEventIds.derive(VIN, platformId));
        assertThat(forwarded)
                .usingRecursiveComparison()
                .ignoringFields("eventId")
                .isEqualTo(progress);
        assertThat(VehicleEventIds.vehicleEventId(stamped.payload())).contains(platformId);
        assertThat(VehicleEventIds.isStamped(stamped.eventId(), VIN, stamped.payload()))
                .isTrue();
    }

    @Test
    void aVehiclesOwnIdOrAnIdDerivedForAnotherVinIsNotStamped() {
        UUID chosen = UUID.randomUUID();
        byte[] stamped = VehicleEventIds.stamp(
                        EventCodec.encode(new UpdateProgress(
                                chosen, Instant.now(), VIN, UUID.randomUUID(), null, InstallPhase.FAILED, null)),
                        VIN)
                .payload();

        assertThat(VehicleEventIds.isStamped(chosen, VIN, stamped)).isFalse();
        assertThat(VehicleEventIds.isStamped(VehicleEventIds.derive(VIN, chosen), OTHER_VIN, stamped))
                .isFalse();
        assertThat(VehicleEventIds.isStamped(
                        VehicleEventIds.derive(VIN, chosen),
                        VIN,
                        EventCodec.encode(new UpdateProgress(
                                chosen, Instant.now(), VIN, UUID.randomUUID(), null, InstallPhase.FAILED, null))))
                .isFalse();
    }

    @Test
    void refusesToStampWhatIsNotAnEventWithAnId() {
        assertThatThrownBy(() -> VehicleEventIds.stamp("[1]".getBytes(StandardCharsets.UTF_8), VIN))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> VehicleEventIds.stamp("{\"eventId\":\"nope\"}".getBytes(StandardCharsets.UTF_8), VIN))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void onlyTheTwoVehicleTopicsComeFromVehicles() {
        assertThat(Topics.ALL.stream().filter(VehicleEventIds::fromVehicles))
                .containsExactlyInAnyOrder(Topics.VEHICLE_REPORTS, Topics.VEHICLE_HEALTH);
    }
}
