package dev.ota.gateway.uplink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uplink figures: messages per outcome and Kafka topic ({@code ota.gateway.uplink.messages}; a rate in Prometheus
 * gives messages/s), Kafka send latency from send to acknowledgement, retries, and messages in flight.
 */
final class UplinkMetrics {

    private final MeterRegistry meters;
    private final Timer kafkaSend;
    private final Counter retries;

    UplinkMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.kafkaSend = Timer.builder("ota.gateway.kafka.send")
                .description("time from handing a vehicle message to Kafka until Kafka acknowledged it")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .register(meters);
        this.retries = Counter.builder("ota.gateway.kafka.retries")
                .description("Kafka sends retried after a failure")
                .register(meters);
    }

    void inFlight(AtomicInteger inFlight) {
        Gauge.builder("ota.gateway.uplink.in_flight", inFlight, AtomicInteger::get)
                .description("vehicle messages taken from MQTT and not yet acknowledged")
                .register(meters);
    }

    void kafkaAcknowledged(long nanos) {
        kafkaSend.record(nanos, TimeUnit.NANOSECONDS);
    }

    void kafkaRetry() {
        retries.increment();
    }

    void handled(String outcome, String kafkaTopic) {
        Counter.builder("ota.gateway.uplink.messages")
                .description("vehicle messages handled, by outcome (forwarded, dead_lettered)")
                .tag("outcome", outcome)
                .tag("topic", kafkaTopic)
                .register(meters)
                .increment();
    }
}
