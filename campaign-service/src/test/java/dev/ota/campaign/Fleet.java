package dev.ota.campaign;

import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistration;
import dev.ota.campaign.registry.VehicleRegistration.EcuRegistration;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.testsupport.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
            registry.register(new VehicleRegistration(
                    vin,
                    model,
                    2024,
                    region,
                    region,
                    List.of(tag()),
                    "Europe/Berlin",
                    null,
                    List.of(
                            new EcuRegistration("GW-" + vin, GATEWAY, true),
                            new EcuRegistration("BRK-" + vin, BRAKE, false))));
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

    public static String manifest(String vin, ImageSigned brake, double lat, double lon) {
        return """
                {"signed":{"vin":"%s","primary_ecu_serial":"GW-%s","custom":{"location":{"lat":%s,"lon":%s}},
                 "ecu_version_reports":{"BRK-%s":{"signed":{"ecu_serial":"BRK-%s","installed_image":
                 {"filepath":"%s","fileinfo":{"length":1024,"hashes":{"sha256":"ab"}}}},"signatures":[]}}},
                 "signatures":[]}
                """.formatted(vin, vin, lat, lon, vin, vin, brake.targetPath());
    }
}
