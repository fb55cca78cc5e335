package dev.ota.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxPropertiesTests {

    @Test
    void waitsForAcknowledgementsLongerThanTheProducerKeepsTryingByDefault() {
        OutboxProperties defaults = new OutboxProperties(true, null, 0, null);

        assertThat(defaults.sendTimeout()).isGreaterThan(KafkaProducerFactory.DELIVERY_TIMEOUT);
    }

    @Test
    void refusesASendTimeoutThatWouldGiveUpOnBatchesTheProducerStillDelivers() {
        assertThatThrownBy(() -> new OutboxProperties(true, null, 0, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery timeout");
    }
}
