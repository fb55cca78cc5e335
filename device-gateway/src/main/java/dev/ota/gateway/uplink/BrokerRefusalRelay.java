package dev.ota.gateway.uplink;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.contracts.mqtt.BrokerRefusalReport;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the audit log what the broker refused a vehicle (a publish or subscribe outside its own topics, a connect
 * with a revoked certificate, under another client id or too often, the session it lost at its revocation), as the
 * gateway records its own refusals: the broker's {@link BrokerRefusalReport} becomes a {@code VehicleMessageRefused}
 * named {@code BROKER_<REFUSAL>}, under the VIN of the refused certificate, within the same per-sender budget. The
 * broker counted the refusal already; this adds who, what and when to the tamper-evident record. The subscription is
 * shared between the gateway replicas; a report is acknowledged once Kafka took its record (or it was over budget).
 */
final class BrokerRefusalRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BrokerRefusalRelay.class);
    private static final int ATTEMPTS = 5;

    private final RefusalAudit audit;
    private final UplinkMetrics metrics;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("broker-refusal-relay").daemon(true).factory());

    BrokerRefusalRelay(GatewayMqttClient mqtt, RefusalAudit audit, UplinkMetrics metrics) {
        this.audit = audit;
        this.metrics = metrics;
        mqtt.receive(BrokerRefusalReport.sharedSubscription(), MqttQos.AT_LEAST_ONCE, worker, this::receive);
    }

    /** Handles one report (package-private for tests). */
    void receive(Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        if (!topic.startsWith(MqttTopics.PREFIX + "broker/")) {
            return;
        }
        Optional<BrokerRefusalReport> parsed = BrokerRefusalReport.parse(message.getPayloadAsBytes());
        if (parsed.isEmpty()) {
            log.warn("not a refusal report on {}", topic);
            return;
        }
        BrokerRefusalReport report = parsed.get();
        String reason = "BROKER_" + report.refusal().toUpperCase(Locale.ROOT);
        metrics.brokerRefusalReported();
        String detail = report.refusedATopic()
                ? "the broker refused " + report.vin() + " its "
                        + report.refusal().replace('_', ' ') + " on " + report.topic()
                : "the broker refused the connection of " + report.vin() + "'s certificate as client id "
                        + report.topic() + ": " + report.refusal().replace('_', ' ');
        audit.recordOf(
                        report.vin(),
                        report.refusedATopic() ? report.topic() : VehicleMessageRefused.CONNECTION,
                        reason,
                        detail,
                        new byte[0])
                .ifPresentOrElse(this::send, metrics::refusalNotAudited);
    }

    /** Tries a few times; the MQTT report is acknowledged when this returns, so a report that fails is only logged. */
    private void send(VehicleMessageRefused refused) {
        for (int attempt = 1; ; attempt++) {
            try {
                audit.send(refused);
                return;
            } catch (RuntimeException failure) {
                if (attempt == ATTEMPTS) {
                    log.error(
                            "broker refusal of {} ({}) not recorded in the audit log after {} attempts: {}",
                            refused.sender(),
                            refused.reason(),
                            ATTEMPTS,
                            failure.toString());
                    return;
                }
                try {
                    Thread.sleep(Duration.ofSeconds(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
