package dev.ota.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.platform.kafka.KafkaProducers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxPropertiesTests {

    @Test
    void waitsForAcknowledgementsLongerThanTheProducerKeepsTryingByDefault() {
        OutboxProperties defaults = new OutboxProperties(true, null, 0, null);

        assertThat(defaults.sendTimeout()).isGreaterThan(KafkaProducers.DELIVERY_TIMEOUT);
    }

    @Test
    void refusesASendTimeoutThatWouldGiveUpOnBatchesTheProducerStillDelivers() {
        assertThatThrownBy(() -> new OutboxProperties(true, null, 0, Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delivery timeout");
    }
}
