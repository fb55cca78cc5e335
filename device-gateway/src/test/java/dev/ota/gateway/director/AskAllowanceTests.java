package dev.ota.gateway.director;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AskAllowanceTests {

    private static final String VIN = "WVWZZZ1JZXW000042";

    @Test
    void aVehicleHasItsBurstThenOneAskPerIntervalAndIsForgottenOnceRefilled() {
        long[] now = {0};
        AskAllowance allowance = new AskAllowance(3, Duration.ofSeconds(20), () -> now[0]);
        assertThat(allowance.tryAsk(VIN)).isTrue();
        assertThat(allowance.tryAsk(VIN)).isTrue();
        assertThat(allowance.tryAsk(VIN)).isTrue();
        assertThat(allowance.tryAsk(VIN)).isFalse();
        assertThat(allowance.tryAsk("WVWZZZ1JZXW000043"))
                .as("another vehicle has its own")
                .isTrue();

        now[0] += Duration.ofSeconds(19).toNanos();
        assertThat(allowance.tryAsk(VIN)).isFalse();
        now[0] += Duration.ofSeconds(2).toNanos();
        assertThat(allowance.tryAsk(VIN)).isTrue();
        assertThat(allowance.tryAsk(VIN)).isFalse();

        now[0] += Duration.ofMinutes(2).toNanos();
        allowance.forgetIdle();
        assertThat(allowance.tracked()).isZero();
    }

    @Test
    void anAskIsBoundToTheCertificateVinAndKeptSmall() {
        DirectorAskCheck check = new DirectorAskCheck(1024);
        assertThat(check.check(VIN, VIN, "{\"knownTargetsVersion\":7}".getBytes())
                        .knownTargetsVersion())
                .isEqualTo(7);
        assertThat(check.check(VIN, VIN, new byte[0]).refusal()).isNull();
        assertThat(check.check(VIN, "WVWZZZ1JZXW000043", new byte[0]).refusal())
                .isEqualTo(DirectorAskCheck.Refusal.vin_mismatch);
        assertThat(check.check(VIN, null, new byte[0]).refusal()).isEqualTo(DirectorAskCheck.Refusal.no_identity);
        assertThat(check.check(VIN, VIN, new byte[1025]).refusal()).isEqualTo(DirectorAskCheck.Refusal.oversize);
        assertThat(check.check(VIN, VIN, "[1]".getBytes()).refusal()).isEqualTo(DirectorAskCheck.Refusal.malformed);
        assertThat(check.check(VIN, VIN, "{\"knownTargetsVersion\":\"7\"}".getBytes())
                        .refusal())
                .isEqualTo(DirectorAskCheck.Refusal.malformed);
    }
}
