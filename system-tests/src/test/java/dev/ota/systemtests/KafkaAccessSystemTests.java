package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.KafkaAccess;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.AssignmentRefused;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka as an attacker on the network finds it: no client without a certificate of the platform's Kafka CA gets an
 * answer, and a service's own certificate writes only its own topics and joins only its own groups. And when an ACL is
 * wrong anyway (here: the operator's super-user identity), a forged assignment still does not become director metadata.
 */
class KafkaAccessSystemTests {

    @Test
    void aClientWithoutCredentialsGetsNothingFromKafka() {
        // plaintext against the TLS listener
        assertThat(describeCluster(Map.of())).as("a plaintext client").isFalse();
        // TLS, trusting the broker, but no client certificate
        Map<String, String> operator = RunningPlatform.get().kafkaOperatorProperties();
        Map<String, Object> noCertificate = Map.of(
                "security.protocol",
                "SSL",
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.location",
                operator.get("ssl.truststore.location"),
                "ssl.truststore.password",
                operator.get("ssl.truststore.password"));
        assertThat(describeCluster(noCertificate))
                .as("a TLS client without a certificate")
                .isFalse();
        // the same call with a certificate of the platform's Kafka CA is answered: the two refusals above are refusals
        assertThat(describeCluster(Map.copyOf(operator))).as("the operator").isTrue();
    }

    @Test
    void aServiceCanWriteOnlyTheTopicsItOwns() throws Exception {
        try (KafkaProducer<String, byte[]> gateway = producer(KafkaAccess.GATEWAY)) {
            // the gateway may put vehicle reports on Kafka...
            assertThat(gateway.partitionsFor(Topics.VEHICLE_REPORTS)).isNotEmpty();
            // ...but not assignments (the event that makes a car install), verdicts or audit checkpoints
            for (String topic : List.of(Topics.VEHICLE_ASSIGNMENTS, Topics.HEALTH_VERDICTS, Topics.AUDIT_CHECKPOINTS)) {
                assertThatThrownBy(() -> send(gateway, topic))
                        .as("device-gateway writing %s", topic)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        try (KafkaProducer<String, byte[]> campaign = producer(KafkaAccess.CAMPAIGN)) {
            // campaign-service assigns updates, but cannot forge the health verdict that lets a stage pass
            assertThatThrownBy(() -> send(campaign, Topics.HEALTH_VERDICTS))
                    .as("campaign-service writing verdicts")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> send(campaign, Topics.IMAGE_EVENTS))
                    .as("campaign-service writing image events")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceCanReadOnlyItsTopicsInItsOwnGroups() {
        // the gateway reading campaign events in its own group: the topic is not its to read
        try (KafkaConsumer<byte[], byte[]> gateway = consumer(KafkaAccess.GATEWAY, KafkaAccess.GATEWAY)) {
            gateway.subscribe(List.of(Topics.CAMPAIGN_EVENTS));
            assertThatThrownBy(() -> pollUntilRefused(gateway)).isInstanceOf(TopicAuthorizationException.class);
        }
        // the gateway joining signing-service's group on a topic it may read: taking over another service's offsets
        try (KafkaConsumer<byte[], byte[]> gateway = consumer(KafkaAccess.GATEWAY, KafkaAccess.SIGNING)) {
            gateway.subscribe(List.of(Topics.DIRECTOR_METADATA));
            assertThatThrownBy(() -> pollUntilRefused(gateway)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /**
     * Point 2 of issue 17, end to end: a super user (standing for a misconfigured ACL) writes an unsealed assignment of
     * a released image straight to Kafka. signing-service refuses it, dead-letters it with the reason, says so on its
     * own topic and the audit log records the refusal; nothing is signed for the vehicle.
     */
    @Test
    void aForgedAssignmentWrittenStraightToKafkaIsRefusedDeadLetteredAndAudited() throws Exception {
        OtaStory story = RunningPlatform.story();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Release release = new Release("forged-ecm-" + suffix, "1.0.0", "hw-forged", 1, 4 * 1024);
        story.upload(release);
        story.release(release);
        AuditTrail audit = AuditTrail.fromNow(story);
        String vin = ("FRGD" + suffix + "00000").toUpperCase().substring(0, 17);
        UpdateAssigned forged = new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(targetOf(release)),
                InstallConditions.NONE,
                null,
                null);

        try (KafkaProducer<String, byte[]> operator = new KafkaProducer<>(KafkaTopics.operator(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(forged.topic(), forged.key(), EventCodec.encode(forged));
            record.headers().add(Headers.EVENT_ID, forged.eventId().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(Headers.EVENT_TYPE, forged.type().getBytes(StandardCharsets.UTF_8));
            operator.send(record).get(30, TimeUnit.SECONDS);
        }

        String deadLetters = Topics.deadLetter(Topics.VEHICLE_ASSIGNMENTS);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !KafkaTopics.records(deadLetters, vin).isEmpty());
        assertThat(KafkaTopics.records(deadLetters, vin))
                .singleElement()
                .extracting(r -> new String(
                        r.headers().lastHeader(Headers.DEAD_LETTER_REASON).value(), StandardCharsets.UTF_8))
                .asString()
                .contains("unsealed update assignment");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> audit.ofType("ota.AssignmentRefused").stream()
                        .anyMatch(e -> e.event()
                                .path("sourceEventId")
                                .asString()
                                .equals(forged.eventId().toString())));
        List<ConsumerRecord<byte[], byte[]>> director = KafkaTopics.records(Topics.DIRECTOR_METADATA, vin);
        assertThat(director)
                .extracting(r -> EventCodec.decode(r.value()).orElseThrow())
                .hasOnlyElementsOfType(AssignmentRefused.class)
                .noneMatch(DirectorMetadataIssued.class::isInstance)
                .hasSize(1);
    }

    private static EcuTarget targetOf(Release release) throws Exception {
        byte[] content = release.content();
        return new EcuTarget(
                "ECU-" + release.imageName(),
                release.hardwareId(),
                release.imageName(),
                release.version(),
                release.targetPath(),
                release.releaseCounter(),
                content.length,
                Map.of("sha256", digest("SHA-256", content), "sha512", digest("SHA-512", content)));
    }

    private static String digest(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }

    /** Whether the broker answers a metadata request from a client with these settings within a few seconds. */
    private static boolean describeCluster(Map<String, Object> identity) {
        Map<String, Object> config = new java.util.HashMap<>(identity);
        config.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningPlatform.get().kafkaBootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(6, TimeUnit.SECONDS).isEmpty();
        } catch (Exception refused) {
            return false;
        }
    }

    private static KafkaProducer<String, byte[]> producer(String principal) {
        return new KafkaProducer<>(KafkaTopics.service(
                principal,
                Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        producer.send(new ProducerRecord<>(topic, "attacker", "{}".getBytes(StandardCharsets.UTF_8)))
                .get(20, TimeUnit.SECONDS);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String principal, String group) {
        return new KafkaConsumer<>(KafkaTopics.service(
                principal,
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class)));
    }

    /** Polls until the broker refuses (the exception propagates), or fails after 30 s of being let in. */
    private static void pollUntilRefused(KafkaConsumer<byte[], byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500));
        }
        throw new AssertionError("the broker let the consumer in for 30 s");
    }
}
