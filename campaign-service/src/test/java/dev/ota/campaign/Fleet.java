package dev.ota.campaign;

import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistration;
import dev.ota.campaign.registry.VehicleRegistration.EcuRegistration;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Test fleet builder: signed images announced over Kafka, vehicles registered with manifests. */
public final class Fleet {

    public static final String BRAKE = "brake-ctrl-v2";
    public static final String GATEWAY = "gateway-v1";
    private static final String VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    private final VehicleRegistry registry;
    private final ImageCatalogue images;
    private final String prefix;

    public Fleet(VehicleRegistry registry, ImageCatalogue images) {
        this.registry = registry;
        this.images = images;
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            p.append(VIN_CHARS.charAt(ThreadLocalRandom.current().nextInt(VIN_CHARS.length())));
        }
        this.prefix = p.toString();
    }

    /** A unique test tag for this fleet, so queries select only its vehicles. */
    public String tag() {
        return "t" + prefix.toLowerCase();
    }

    public String vin(int n) {
        return prefix + "%010d".formatted(n);
    }

    /** Announces an image over ota.image.events and waits until the catalogue lists it. */
    public ImageSigned sign(String imageName, String version, String hardwareId, long releaseCounter) {
        ImageSigned signed = new ImageSigned(
                UUID.randomUUID(),
                Instant.now(),
                imageName,
                version,
                List.of(hardwareId),
                releaseCounter,
                1024,
                Map.of("sha256", "ab".repeat(32)),
                imageName + "/" + version + "/" + imageName + ".bin",
                "ci",
                Map.of());
        KafkaTestClient.send(signed);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> images.find(imageName, version).isPresent());
        return signed;
    }

    /**
     * Registers {@code count} vehicles spread over the given models and regions, each with a brake ECU (and a gateway
     * ECU) running the given brake image, and reports a manifest for each.
     */
    public List<String> vehicles(int from, int count, List<String> models, List<String> regions, ImageSigned brake) {
        List<String> vins = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String vin = vin(i);
            String model = models.get(i % models.size());
            String region = regions.get((i / models.size()) % regions.size());
            registry.register(
                    new VehicleRegistration(
                            vin,
                            model,
                            2024,
                            region,
                            region,
                            List.of(tag()),
                            "Europe/Berlin",
                            List.of(
                                    new EcuRegistration(
                                            "GW-" + vin,
                                            GATEWAY,
                                            true,
                                            publicKey(keys(vin).primary())),
                                    new EcuRegistration(
                                            "BRK-" + vin,
                                            BRAKE,
                                            false,
                                            publicKey(keys(vin).brake())))),
                    "factory-line",
                    true);
            report(vin, brake, 52.5, 13.4);
            vins.add(vin);
        }
        return vins;
    }

    /** Applies a manifest saying the brake ECU runs the given image, at the given location. */
    public void report(String vin, ImageSigned brake, double lat, double lon) {
        registry.applyManifest(
                new ManifestReported(UUID.randomUUID(), Instant.now(), vin, manifest(vin, brake, lat, lon)));
    }

    /** The keys the factory put into one vehicle's ECUs (the gateway ECU is the primary). */
    public record VehicleKeys(Signer primary, Signer brake) {}

    private static final Map<String, VehicleKeys> KEYS = new ConcurrentHashMap<>();

    /** The ECU keys of a test vehicle, made on first use: the same VIN keeps its keys for the whole test run. */
    public static VehicleKeys keys(String vin) {
        return KEYS.computeIfAbsent(
                vin, v -> new VehicleKeys(Signers.generate(Scheme.ED25519), Signers.generate(Scheme.ED25519)));
    }

    /** A TUF public key object, as a registration carries it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> publicKey(Signer signer) {
        return (Map<String, Object>) signer.publicKey().toJsonValue();
    }

    /** A manifest signed by the vehicle's registered keys: the brake ECU runs {@code brake}, the car is at lat/lon. */
    public static String manifest(String vin, ImageSigned brake, double lat, double lon) {
        return manifest(vin, brake, lat, lon, keys(vin).primary(), keys(vin).brake());
    }

    /**
     * A manifest whose only report is filed under {@code serial} with {@code hardwareId}, signed by the brake ECU's
     * registered key: an ECU the vehicle was not provisioned with, or a registered one relabelled.
     */
    public static String manifestWithEcu(String vin, ImageSigned image, String serial, String hardwareId) {
        return manifest(
                vin,
                image,
                serial,
                hardwareId,
                0,
                0,
                keys(vin).primary(),
                keys(vin).brake());
    }

    /** A manifest of the brake ECU signed with the given keys (a forger's, to attack). */
    public static String manifest(
            String vin, ImageSigned brake, double lat, double lon, Signer primary, Signer brakeKey) {
        return manifest(vin, brake, "BRK-" + vin, BRAKE, lat, lon, primary, brakeKey);
    }

    private static String manifest(
            String vin,
            ImageSigned brake,
            String serial,
            String hardwareId,
            double lat,
            double lon,
            Signer primary,
            Signer brakeKey) {
        Instant now = Instant.now();
        EcuVersionReport report = new EcuVersionReport(
                serial,
                hardwareId,
                brake.targetPath(),
                brake.length(),
                brake.hashes(),
                brake.releaseCounter(),
                List.of(),
                UUID.randomUUID().toString(),
                now);
        VehicleVersionManifest manifest = new VehicleVersionManifest(
                vin,
                "GW-" + vin,
                now,
                Map.of(serial, Manifests.signReport(report, brakeKey)),
                VehicleVersionManifest.locatedAt(lat, lon));
        return Manifests.signManifest(manifest, primary).toJson();
    }
}
