package dev.ota.gateway.uplink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, Counter> handled = new ConcurrentHashMap<>();
    private final Map<UplinkRefusal, Counter> refused = new java.util.EnumMap<>(UplinkRefusal.class);
    private final Counter notAudited;
    private final Counter brokerRefusals;

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
        for (UplinkRefusal refusal : UplinkRefusal.values()) {
            refused.put(
                    refusal,
                    Counter.builder("ota.gateway.uplink.refused")
                            .description("vehicle messages refused and dead-lettered, by the refusal's name")
                            .tag("reason", refusal.name())
                            .register(meters));
        }
        this.notAudited = Counter.builder("ota.gateway.uplink.refusals_not_audited")
                .description(
                        "refusals over a sender's audit budget: counted here and in the sender's next audit record")
                .register(meters);
        this.brokerRefusals = Counter.builder("ota.gateway.broker.refusals_reported")
                .description("refusals of vehicles the brokers reported to the gateway for the audit log")
                .register(meters);
    }

    void brokerRefusalReported() {
        brokerRefusals.increment();
    }

    void refused(UplinkRefusal refusal) {
        java.util.Objects.requireNonNull(refused.get(refusal)).increment();
    }

    void refusalNotAudited() {
        notAudited.increment();
    }

    void inFlight(AtomicInteger inFlight) {
        Gauge.builder("ota.gateway.uplink.in_flight", inFlight, AtomicInteger::get)
                .description("vehicle messages taken from MQTT and not yet acknowledged")
                .register(meters);
    }

    /** Counts what one MQTT session of this replica receives: how the broker spreads the fleet over the sessions. */
    Runnable sessionReceived(int session) {
        Counter counter = Counter.builder("ota.gateway.uplink.received")
                .description("vehicle messages received, by MQTT session of this replica")
                .tag("session", Integer.toString(session))
                .register(meters);
        return counter::increment;
    }

    void kafkaAcknowledged(long nanos) {
        kafkaSend.record(nanos, TimeUnit.NANOSECONDS);
    }

    void kafkaRetry() {
        retries.increment();
    }

    /** Counts a handled message; the counter per outcome and topic is looked up in the registry only once. */
    void handled(String outcome, String kafkaTopic) {
        handled.computeIfAbsent(
                        outcome + ' ' + kafkaTopic,
                        key -> Counter.builder("ota.gateway.uplink.messages")
                                .description("vehicle messages handled, by outcome (forwarded, dead_lettered)")
                                .tag("outcome", outcome)
                                .tag("topic", kafkaTopic)
                                .register(meters))
                .increment();
    }
}
