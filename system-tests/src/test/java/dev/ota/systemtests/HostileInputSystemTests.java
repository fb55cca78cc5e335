package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.PlatformClient;
import dev.ota.launcher.demo.Release;
import dev.ota.launcher.demo.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile input on the public interfaces: each is answered with a clear error (a problem detail over
 * REST, the dead-letter topic with the reason for MQTT), nothing half-done is left behind, and the platform goes on
 * serving well-formed requests.
 */
class HostileInputSystemTests {

    private final OtaStory story = RunningPlatform.story();
    private final PlatformClient client = story.client();

    @Test
    void malformedCampaignJsonIsAnsweredWithAProblemDetailAndCreatesNothing() {
        int before = campaignCount();

        Reply reply = client.send(
                Actor.RELEASE_ENGINEER,
                "POST",
                OtaStory.CAMPAIGN,
                "/api/campaigns",
                "application/json",
                "{\"name\": \"half a campaign\", \"stages\": [".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("status").asInt()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().path("detail").asString()).isNotBlank();
        assertThat(campaignCount()).isEqualTo(before);
    }

    @Test
    void campaignWithoutStagesIsRefusedSayingWhatIsWrong() {
        Map<String, Object> definition = Map.of(
                "name", "no stages",
                "target", Map.of("type", "query", "query", "tag==nobody"),
                "bundle", Map.of("images", List.of(Map.of("hardwareId", "hw-tcu", "imageName", "x", "version", "1"))),
                "stages", List.of());

        Reply reply = client.post(Actor.RELEASE_ENGINEER, OtaStory.CAMPAIGN, "/api/campaigns", definition);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("stages");
    }

    @Test
    void targetQueryWithAnUnknownFieldIsRefusedNamingTheField() {
        Reply reply = client.post(
                Actor.RELEASE_ENGINEER,
                OtaStory.CAMPAIGN,
                "/api/targeting/preview",
                Map.of("type", "query", "query", "colour==red;model==x"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("colour");
    }

    @Test
    void registryRefusesAVehicleWithAMalformedVin() {
        Reply reply = client.put(
                Actor.FLEET_OPS,
                OtaStory.CAMPAIGN,
                "/api/vehicles/NOT-A-VIN",
                Map.of(
                        "vin", "NOT-A-VIN",
                        "model", "x",
                        "modelYear", 2026,
                        "region", "EU",
                        "market", "EU",
                        "ecus", List.of(Map.of("serial", "s", "hardwareId", "hw-tcu", "primary", true))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.body()).contains("VIN");
    }

    @Test
    void oversizedUploadIsRefusedWith413LeavesNoImageAndTheNextUploadIsSigned() {
        Release release = new Release("hostile-fw", "1.0.0", "hw-tcu", 1, 4096);
        long tooLarge = RunningPlatform.MAX_IMAGE_BYTES + 1024 * 1024;

        Reply refused = client.send(
                Actor.CI,
                "PUT",
                OtaStory.SIGNING,
                OtaStory.uploadPath(release),
                "application/octet-stream",
                HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> zeros(tooLarge)), tooLarge));

        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(client.get(Actor.CI, OtaStory.SIGNING, "/api/images/hostile-fw/1.0.0")
                        .status())
                .isEqualTo(404);
        JsonNode signed = story.upload(release);
        assertThat(signed.path("status").asString()).isNotBlank();
        assertThat(signed.path("targetPath").asString()).isEqualTo(release.targetPath());
    }

    @Test
    void uploadWhoseDeclaredHashDoesNotMatchItsBytesIsRefusedAndNotStored() {
        Release release = new Release("hostile-fw", "1.0.1", "hw-tcu", 1, 4096);

        Reply refused = client.send(
                Actor.CI,
                "PUT",
                OtaStory.SIGNING,
                OtaStory.uploadPath(release) + "&sha256=" + "0".repeat(64),
                "application/octet-stream",
                release.content());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(client.get(Actor.CI, OtaStory.SIGNING, "/api/images/hostile-fw/1.0.1")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void simulatorControlApiRefusesAnEmptyFleetSayingWhy() {
        Reply reply = client.post(Actor.FLEET_OPS, OtaStory.SIMULATOR, "/api/v1/fleet", Map.of("count", 0));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("detail").asString()).contains("count");
    }

    @Test
    void garbageOnVehicleTopicsIsDeadLetteredWithItsReasonAndTheVehicleKeepsReporting() throws Exception {
        TestFleet fleet = TestFleet.create("hostile", 1);
        FleetVehicle vehicle = fleet.vehicles().getFirst();
        byte[] garbage = ("garbage " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        byte[] otherVin =
                EventCodec.encode(new ManifestReported(UUID.randomUUID(), Instant.now(), "SMUZZZZ0000000000", "{}"));
        // over the gateway's 256 KiB payload limit but under the broker's packet limit (256 + 4 KiB), so it reaches the
        // gateway, which dead-letters it; a larger one the broker cuts off (HostileVehicleSystemTests)
        byte[] oversized = new byte[257 * 1024];
        Arrays.fill(oversized, (byte) '{');
        String before = manifestAt(vehicle.vin());

        // a compromised vehicle: a valid certificate for its own VIN (the broker lets nobody else publish there), its
        // simulated self offline meanwhile so that the two do not take the session from each other
        story.changeVehicle(vehicle.vin(), Map.of("online", false));
        await().atMost(Duration.ofMinutes(1))
                .until(() -> !fleet.now().getFirst().online());
        Mqtt5BlockingClient attacker = CertifiedMqttClient.connect(vehicle.vin());
        try {
            publish(attacker, MqttTopics.topic(vehicle.vin(), MqttTopics.Channel.STATUS), garbage);
            publish(attacker, MqttTopics.topic(vehicle.vin(), MqttTopics.Channel.MANIFEST), otherVin);
            publish(attacker, MqttTopics.topic(vehicle.vin(), MqttTopics.Channel.HEALTH), oversized);
        } finally {
            attacker.disconnect();
        }

        List<ConsumerRecord<byte[], byte[]>> reports = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> health = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> reportsDlq = consumer(Topics.deadLetter(Topics.VEHICLE_REPORTS));
                KafkaConsumer<byte[], byte[]> healthDlq = consumer(Topics.deadLetter(Topics.VEHICLE_HEALTH))) {
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        reportsDlq.poll(Duration.ofMillis(200)).forEach(reports::add);
                        healthDlq.poll(Duration.ofMillis(200)).forEach(health::add);
                        return contains(reports, garbage) && contains(reports, otherVin) && contains(health, oversized);
                    });
        }
        assertThat(reason(reports, garbage)).startsWith("MALFORMED: ");
        assertThat(reason(reports, otherVin))
                .startsWith("PAYLOAD_VIN_MISMATCH: ")
                .contains("does not match topic VIN");
        assertThat(reason(health, oversized)).startsWith("OVERSIZED: ").contains("exceeds the limit");

        // each refusal is in the audit log, in the history of the certificate that sent it, named and hashed
        Map<String, String> refusedHashes = await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> refusalsIn(story.vehicleHistory(vehicle.vin())),
                        refusals -> refusals.keySet()
                                .containsAll(List.of("MALFORMED", "PAYLOAD_VIN_MISMATCH", "OVERSIZED")));
        assertThat(refusedHashes)
                .containsEntry("MALFORMED", sha256(garbage))
                .containsEntry("PAYLOAD_VIN_MISMATCH", sha256(otherVin))
                .containsEntry("OVERSIZED", sha256(oversized));

        story.reconnect(fleet.vehicles(), Duration.ofMinutes(1), line -> {});
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !manifestAt(vehicle.vin()).equals(before));
    }

    /** The gateway's refusals in a vehicle's audit history: refusal name to the refused payload's SHA-256. */
    private static Map<String, String> refusalsIn(JsonNode history) {
        Map<String, String> refusals = new java.util.TreeMap<>();
        for (JsonNode entry : history.path("entries")) {
            if ("ota.VehicleMessageRefused.v1".equals(entry.path("type").asString())) {
                refusals.put(
                        entry.path("event").path("reason").asString(),
                        entry.path("event").path("payloadSha256").asString());
            }
        }
        return refusals;
    }

    private static String sha256(byte[] payload) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(payload));
    }

    private int campaignCount() {
        return client.get(Actor.RELEASE_ENGINEER, OtaStory.CAMPAIGN, "/api/campaigns")
                .orFail("campaigns")
                .json()
                .size();
    }

    private String manifestAt(String vin) {
        return client.get(Actor.FLEET_OPS, OtaStory.CAMPAIGN, "/api/vehicles/" + vin)
                .orFail("vehicle")
                .json()
                .path("manifestAt")
                .asString("");
    }

    private static void publish(Mqtt5BlockingClient client, String topic, byte[] payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaTopics.operator(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static boolean contains(List<ConsumerRecord<byte[], byte[]>> records, byte[] payload) {
        return records.stream().anyMatch(r -> Arrays.equals(r.value(), payload));
    }

    private static String reason(List<ConsumerRecord<byte[], byte[]>> records, byte[] payload) {
        return records.stream()
                .filter(r -> Arrays.equals(r.value(), payload))
                .map(r -> r.headers().lastHeader(Headers.DEAD_LETTER_REASON))
                .map(h -> h == null ? "" : new String(h.value(), StandardCharsets.UTF_8))
                .findFirst()
                .orElse("");
    }

    private static InputStream zeros(long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                Arrays.fill(buffer, offset, offset + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }
}
