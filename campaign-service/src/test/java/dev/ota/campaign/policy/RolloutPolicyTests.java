package dev.ota.campaign.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.InstallGeofence;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPolicyTests {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void exponentialRampStartsAtTheBaseRateAndGrowsPerStepUpToTheMaximum() {
        ExponentialRampRateLimit ramp = new ExponentialRampRateLimit(1000, 10, 2.0, 50);

        assertThat(ramp.ratePerMinute(0)).isEqualTo(10);
        assertThat(ramp.ratePerMinute(49)).isEqualTo(10);
        assertThat(ramp.ratePerMinute(50)).isEqualTo(20);
        assertThat(ramp.ratePerMinute(150)).isEqualTo(80);
        assertThat(ramp.ratePerMinute(1_000_000)).isEqualTo(1000);
    }

    @Test
    void rateLimitBucketRefillsWithElapsedTimeAndNeverBurstsBeyondOneSecond() {
        ExponentialRampRateLimit flat = ExponentialRampRateLimit.flat(600);

        assertThat(flat.refill(0, null, T0, 0)).isEqualTo(10.0);
        assertThat(flat.refill(0, T0, T0.plusMillis(500), 0)).isEqualTo(5.0);
        assertThat(flat.refill(0, T0, T0.plusSeconds(60), 0)).isEqualTo(10.0);
    }

    @Test
    void rampSettingsOutsideAwsIotJobsBoundsAreRefused() {
        assertThatThrownBy(() -> new ExponentialRampRateLimit(100, 10, 6, 10)).hasMessageContaining("incrementFactor");
        assertThatThrownBy(() -> new ExponentialRampRateLimit(100, 200, 2, 10))
                .hasMessageContaining("baseRatePerMinute");
        assertThatThrownBy(() -> ExponentialRampRateLimit.flat(0)).hasMessageContaining("maximumPerMinute");
    }

    @Test
    void maintenanceWindowIsJudgedInTheVehiclesLocalTime() {
        MaintenanceWindowPolicy nightly = new MaintenanceWindowPolicy("0 2 * * *", Duration.ofHours(3));
        Instant threeAmBerlin = Instant.parse("2026-11-26T02:00:00Z");

        assertThat(nightly.isOpen(threeAmBerlin, ZoneId.of("Europe/Berlin"))).isTrue();
        assertThat(nightly.isOpen(threeAmBerlin, ZoneId.of("America/New_York"))).isFalse();
        assertThat(nightly.isOpen(Instant.parse("2026-11-26T04:00:00Z"), ZoneId.of("Europe/Berlin")))
                .as("05:00 local, window closed at 05:00")
                .isFalse();
    }

    @Test
    void closedWindowNamesWhenItOpensNext() {
        MaintenanceWindowPolicy nightly = new MaintenanceWindowPolicy("0 2 * * *", Duration.ofHours(3));

        assertThat(nightly.nextOpening(T0, ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-11-27T01:00:00Z"));
    }

    @Test
    void invalidCronIsRefused() {
        assertThatThrownBy(() -> new MaintenanceWindowPolicy("every night", Duration.ofHours(1)))
                .hasMessageContaining("not a valid cron expression");
    }

    private static final GeoPolygon GERMANY = new GeoPolygon(
            "germany",
            List.of(
                    new GeoPoint(47.3, 5.9),
                    new GeoPoint(47.3, 15.0),
                    new GeoPoint(55.0, 15.0),
                    new GeoPoint(55.0, 5.9)));
    private static final GeoPolygon TEST_TRACK = new GeoPolygon(
            "test track", List.of(new GeoPoint(52.0, 13.0), new GeoPoint(52.0, 13.2), new GeoPoint(52.2, 13.1)));

    @Test
    void geofenceAllowsOnlyInsideAllowedAreasAndNeverInsideDeniedOnes() {
        GeofencePolicy fence = new GeofencePolicy(List.of(GERMANY), List.of(TEST_TRACK));

        assertThat(fence.refusal(new GeoPoint(48.1, 11.6))).isEmpty();
        assertThat(fence.refusal(new GeoPoint(48.85, 2.35))).contains("outside every allowed area");
        assertThat(fence.refusal(new GeoPoint(52.05, 13.1))).contains("inside denied area 'test track'");
    }

    @Test
    void vehicleWithoutAKnownLocationIsAssignedAsItChecksTheSignedGeofenceItself() {
        assertThat(new GeofencePolicy(List.of(GERMANY), List.of()).refusal(null))
                .isEmpty();
        assertThat(new GeofencePolicy(List.of(), List.of()).refusal(null)).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedWithExponentialBackoffUntilRetriesRunOut() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMinutes(1), 2, Duration.ofMinutes(10));

        assertThat(retry.nextAttempt(1, "download interrupted", T0)).contains(T0.plusSeconds(60));
        assertThat(retry.nextAttempt(2, "vehicle offline", T0)).contains(T0.plusSeconds(120));
        assertThat(retry.nextAttempt(3, "vehicle offline", T0)).isEmpty();
    }

    @Test
    void aVehicleThatCouldNotReachThePlatformIsRetriedNotFailed() {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMinutes(1), 2, Duration.ofMinutes(10));

        assertThat(retry.nextAttempt(
                        1, "REJECTED: platform unavailable: repository unreachable: refused (tried 4 times)", T0))
                .contains(T0.plusSeconds(60));
    }

    @Test
    void permanentFailuresAreNotRetried() {
        RetryPolicy retry = new RetryPolicy(5, Duration.ofMinutes(1), 2, Duration.ofMinutes(10));

        assertThat(retry.nextAttempt(1, "FAILED: signature verification failed", T0))
                .isEmpty();
        assertThat(retry.nextAttempt(1, "REVERTED: boot failure", T0)).isEmpty();
    }

    @Test
    void preconditionsTravelWithTheAssignmentWithTheConsentDeadline() {
        VehiclePreconditions preconditions = new VehiclePreconditions(true, 40, true, Duration.ofHours(48));

        var conditions = preconditions.forAssignment(T0, new GeofencePolicy(List.of(GERMANY), List.of(TEST_TRACK)));

        assertThat(conditions.requireParked()).isTrue();
        assertThat(conditions.minBatteryPercent()).isEqualTo(40);
        assertThat(conditions.consentRequired()).isTrue();
        assertThat(conditions.notAfter()).isEqualTo(T0.plus(Duration.ofHours(48)));
        assertThat(conditions.consentTimeout())
                .as("the vehicle times its consent prompt out after the campaign's timeout")
                .isEqualTo(Duration.ofHours(48));
        assertThat(conditions.geofence()).isNotNull();
        assertThat(conditions.geofence().refusal(new InstallGeofence.Position(52.05, 13.1)))
                .as("the signed fence is the campaign's")
                .contains("inside denied area 'test track'");
    }
}
