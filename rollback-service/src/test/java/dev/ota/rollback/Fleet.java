package dev.ota.rollback;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.contracts.events.VerifiedEcu;
import dev.ota.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds what campaigns, vehicles and the health service would send, and sends it through one producer. */
public final class Fleet {

    private static KafkaProducer<String, byte[]> producer;

    private Fleet() {}

    /** One image of one ECU hardware id; its bytes are named by {@code sha256} (a re-release keeps them). */
    public record Image(String hardwareId, String name, String version, long counter, long length, String sha256) {

        public Image(String hardwareId, String name, String version, long counter) {
            this(hardwareId, name, version, counter, 100 + counter, contentHash(name + "/" + version));
        }

        public String path() {
            return name + "/" + version;
        }

        /** Staged by CI: known, not yet installable. */
        public ImageSigned signed() {
            return signed("ci");
        }

        /** Co-signed into the image repository's release role. */
        public ImageSigned released() {
            return signed("release");
        }

        private ImageSigned signed(String role) {
            return new ImageSigned(
                    UUID.randomUUID(),
                    Instant.now(),
                    name,
                    version,
                    List.of(hardwareId),
                    counter,
                    length,
                    Map.of("sha256", sha256),
                    path(),
                    role,
                    Map.of());
        }

        /** The same bytes as a new version under a higher release counter, as the signing service re-releases. */
        public Image reRelease(long newCounter) {
            return new Image(hardwareId, name, version + "-rerelease." + newCounter, newCounter, length, sha256);
        }

        public EcuTarget target(String ecuSerial) {
            return new EcuTarget(
                    ecuSerial, hardwareId, name, version, path(), counter, length, Map.of("sha256", sha256));
        }

        private static String contentHash(String text) {
            try {
                return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A vehicle with one ECU. */
    public record Vehicle(String vin, String ecuSerial, UUID assignmentId, String model) {

        /** What campaign-service publishes once it verified this vehicle's manifest showing {@code image}. */
        public ManifestVerified runs(Image image) {
            Instant now = Instant.now();
            return new ManifestVerified(
                    UUID.randomUUID(),
                    now,
                    vin,
                    UUID.randomUUID(),
                    now,
                    List.of(new VerifiedEcu(
                            ecuSerial,
                            image.hardwareId(),
                            true,
                            image.path(),
                            image.length(),
                            Map.of("sha256", image.sha256()),
                            image.counter(),
                            image.name(),
                            image.version(),
                            List.of(),
                            now)),
                    null,
                    null);
        }

        public UpdateAssigned assigned(UUID campaignId, int stage, Image image) {
            return new UpdateAssigned(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    assignmentId,
                    campaignId,
                    stage,
                    List.of(image.target(ecuSerial)),
                    InstallConditions.NONE,
                    model,
                    null);
        }

        public HealthBeacon beacon(String hardwareId, boolean healthy) {
            return beacon(assignmentId, hardwareId, healthy);
        }

        public HealthBeacon beacon(UUID assignment, String hardwareId, boolean healthy) {
            return new HealthBeacon(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    assignment,
                    ecuSerial,
                    hardwareId,
                    healthy,
                    healthy,
                    0,
                    Instant.now());
        }

        /** A beacon that boots and starts, with these application checks. */
        public HealthBeacon beaconWith(String hardwareId, ApplicationCheck... applications) {
            return new HealthBeacon(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    assignmentId,
                    ecuSerial,
                    hardwareId,
                    true,
                    true,
                    0,
                    Instant.now(),
                    List.of(applications));
        }

        public UpdateProgress progress(UUID assignment, InstallPhase phase) {
            return new UpdateProgress(UUID.randomUUID(), Instant.now(), vin, assignment, ecuSerial, phase, null);
        }
    }

    public static Vehicle vehicle(String model) {
        String vin = "VIN"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
        return new Vehicle(vin, vin + "-brake", UUID.randomUUID(), model);
    }

    public static CampaignCreated campaign(UUID campaignId, String policy) {
        return new CampaignCreated(UUID.randomUUID(), Instant.now(), campaignId, "test", "rita", 3, policy, null);
    }

    public static StageVerdict fail(UUID campaignId, int stage, String cohort) {
        return new StageVerdict(
                UUID.randomUUID(),
                Instant.now(),
                campaignId,
                stage,
                cohort,
                VerdictOutcome.FAIL,
                30,
                6,
                0.38,
                0.05,
                "wilson-lower-bound(0.95)=0.13 > max-failure-rate 0.05");
    }

    public static synchronized void send(List<? extends OtaEvent> events) {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaTestClient.harness(Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5)));
        }
        for (OtaEvent event : events) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(event.topic(), event.key(), EventCodec.encode(event));
            record.headers().add(Headers.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    public static void send(OtaEvent... events) {
        send(List.of(events));
    }
}
