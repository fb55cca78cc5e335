package dev.ota.gateway.uplink;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.platform.messaging.FailureClassifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Carries vehicle messages into Kafka, at least once. The gateway subscribes with shared subscriptions (replicas
 * split the fleet) and acknowledges each MQTT message by hand, only after Kafka acknowledged the record (acks=all)
 * or after the refused message is safely in the dead-letter topic. Until then the broker holds it, and gives this
 * replica no more than its receive maximum of unacknowledged messages: that is the back-pressure when Kafka is slow.
 * When Kafka is down, sends are retried with back-off for as long as it takes; if the replica dies first, the broker
 * delivers the unacknowledged messages again.
 */
final class UplinkBridge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UplinkBridge.class);
    private static final int SUBSCRIBE_PHASE = 10;

    private final GatewayMqttClient mqtt;
    private final UplinkPolicy policy;
    private final UplinkProperties properties;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DeadLetters deadLetters;
    private final RefusalAudit refusalAudit;
    private final UplinkMetrics metrics;
    private final List<ExecutorService> receivers;
    private final ExecutorService deadLetterSender;
    private final ScheduledExecutorService retries;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean running;

    UplinkBridge(
            GatewayMqttClient mqtt,
            UplinkPolicy policy,
            UplinkProperties properties,
            KafkaTemplate<String, byte[]> kafka,
            DeadLetters deadLetters,
            RefusalAudit refusalAudit,
            UplinkMetrics metrics,
            boolean shared) {
        this.mqtt = mqtt;
        this.policy = policy;
        this.properties = properties;
        this.kafka = kafka;
        this.deadLetters = deadLetters;
        this.refusalAudit = refusalAudit;
        this.metrics = metrics;
        // one receiving thread per session keeps the messages of that session in the order the broker delivered them
        this.receivers = new ArrayList<>();
        this.deadLetterSender = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("uplink-dlq").factory());
        this.retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("uplink-retry").factory());
        metrics.inFlight(inFlight);
        // registered before the sessions connect, so messages queued for this replica are not missed: everything no
        // other part of the gateway owns, i.e. the vehicle messages
        List<Runnable> receivedBySession = new ArrayList<>();
        for (int i = 0; i < mqtt.sessions().size(); i++) {
            receivers.add(Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("uplink-receive-" + (i + 1)).factory()));
            receivedBySession.add(metrics.sessionReceived(i + 1));
        }
        mqtt.receiveOthers((session, publish) -> receivers.get(session).execute(() -> {
            receivedBySession.get(session).run();
            receive(publish);
        }));
        if (shared) {
            mqtt.onConnected(session -> subscribe(session, true));
        } else {
            Mqtt5AsyncClient only = mqtt.client();
            mqtt.onConnected(session -> {
                if (session == only) {
                    subscribe(session, false);
                }
            });
        }
    }

    private static void subscribe(Mqtt5AsyncClient session, boolean shared) {
        for (Channel channel : Channel.values()) {
            if (channel.fromVehicle()) {
                session.subscribeWith()
                        .topicFilter(
                                shared
                                        ? MqttTopics.sharedSubscription(channel)
                                        : MqttTopics.PREFIX + "+/" + channel.segment())
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send()
                        .whenComplete((ack, failure) -> {
                            if (failure != null) {
                                log.error("could not subscribe to {}", channel.segment(), failure);
                            }
                        });
            }
        }
    }

    void receive(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        byte[] payload = publish.getPayloadAsBytes();
        inFlight.incrementAndGet();
        switch (policy.check(topic, payload, identity(publish))) {
            case UplinkVerdict.Forward forward -> forward(publish, forward, 0);
            case UplinkVerdict.Refuse refuse -> {
                metrics.refused(refuse.refusal());
                Optional<VehicleMessageRefused> audited = refusalAudit.recordOf(refuse, topic, payload);
                if (audited.isEmpty()) {
                    metrics.refusalNotAudited();
                }
                deadLetterSender.execute(() -> deadLetter(publish, refuse, payload, audited, 0));
            }
        }
    }

    private @Nullable String identity(Mqtt5Publish publish) {
        String found = null;
        for (Mqtt5UserProperty property : publish.getUserProperties().asList()) {
            if (property.getName().toString().equals(properties.identityProperty())) {
                found = property.getValue().toString();
            }
        }
        return found;
    }

    /** Sends the stamped message: payload and {@code ota-event-id} carry the platform id, the key is the VIN. */
    private void forward(Mqtt5Publish publish, UplinkVerdict.Forward verdict, int attempt) {
        ProducerRecord<String, byte[]> record = EventRecords.of(
                verdict.kafkaTopic(),
                verdict.vin(),
                verdict.stamped().payload(),
                verdict.event().type(),
                verdict.stamped().eventId());
        long started = System.nanoTime();
        try {
            kafka.send(record).whenComplete((sent, failure) -> {
                if (failure == null) {
                    metrics.kafkaAcknowledged(System.nanoTime() - started);
                    acknowledge(publish, "forwarded", verdict.kafkaTopic());
                } else {
                    retryLater(publish, verdict, attempt, failure);
                }
            });
        } catch (RuntimeException failure) {
            retryLater(publish, verdict, attempt, failure);
        }
    }

    private void retryLater(Mqtt5Publish publish, UplinkVerdict.Forward verdict, int attempt, Throwable failure) {
        Duration wait = backoff(attempt);
        metrics.kafkaRetry();
        log.warn(
                "Kafka did not take a message from {} (attempt {}), retrying in {}: {}",
                verdict.vin(),
                attempt + 1,
                wait,
                FailureClassifier.describe(failure));
        retries.schedule(() -> forward(publish, verdict, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** First the refused payload goes to the dead-letter topic, then its audit record is written, then it is acked. */
    private void deadLetter(
            Mqtt5Publish publish,
            UplinkVerdict.Refuse verdict,
            byte[] payload,
            Optional<VehicleMessageRefused> audited,
            int attempt) {
        try {
            deadLetters.send(
                    verdict.kafkaTopic(),
                    verdict.vin(),
                    payload,
                    publish.getTopic().toString(),
                    verdict.reason());
        } catch (RuntimeException failure) {
            Duration wait = backoff(attempt);
            log.warn("could not dead-letter a refused message, retrying in {}: {}", wait, failure.toString());
            retries.schedule(
                    () -> deadLetterSender.execute(() -> deadLetter(publish, verdict, payload, audited, attempt + 1)),
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        audited.ifPresentOrElse(
                refused -> audit(publish, verdict, refused, 0),
                () -> acknowledge(publish, "dead_lettered", verdict.kafkaTopic()));
    }

    private void audit(Mqtt5Publish publish, UplinkVerdict.Refuse verdict, VehicleMessageRefused refused, int attempt) {
        try {
            refusalAudit.send(refused);
            acknowledge(publish, "dead_lettered", verdict.kafkaTopic());
        } catch (RuntimeException failure) {
            Duration wait = backoff(attempt);
            log.warn("could not record a refusal in the audit log, retrying in {}: {}", wait, failure.toString());
            retries.schedule(
                    () -> deadLetterSender.execute(() -> audit(publish, verdict, refused, attempt + 1)),
                    wait.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void acknowledge(Mqtt5Publish publish, String outcome, String kafkaTopic) {
        publish.acknowledge();
        inFlight.decrementAndGet();
        metrics.handled(outcome, kafkaTopic);
    }

    private Duration backoff(int attempt) {
        long first = properties.retryBackoff().toMillis();
        return Duration.ofMillis(Math.min(first << Math.min(attempt, 4), first * 10));
    }

    @Override
    public void start() {
        running = true;
    }

    /** Lets the messages already taken finish their way into Kafka before the session closes. */
    @Override
    public void stop() {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            kafka.flush();
            Thread.onSpinWait();
        }
        receivers.forEach(ExecutorService::shutdown);
        deadLetterSender.shutdown();
        retries.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SUBSCRIBE_PHASE;
    }
}
