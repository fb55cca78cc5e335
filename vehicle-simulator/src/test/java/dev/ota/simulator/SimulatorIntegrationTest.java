package dev.ota.simulator;

import static org.awaitility.Awaitility.await;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.simulator.fleet.ConsentProfile;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.FaultBook;
import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.simulator.uptane.TrustAnchors;
import dev.ota.testsupport.WithRealInfrastructure;
import dev.ota.uptane.metadata.TargetFile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The simulator on the real MQTT broker (and Kafka), with a real image repository over HTTP and a director signed by
 * the uptane library; the test plays the gateway. Steps are shortened to fractions of a second, vehicles ask the
 * director every 3 s.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ota.simulator.timing.consent-delay=PT0.1S",
            "ota.simulator.timing.consent-timeout=PT0.5S",
            "ota.simulator.timing.conditions-recheck=PT0.2S",
            "ota.simulator.timing.install=PT0.2S",
            "ota.simulator.timing.reboot=PT0.2S",
            "ota.simulator.timing.slow-download=PT0.3S",
            "ota.simulator.timing.offline-spell=PT1S",
            "ota.simulator.timing.beacons=2",
            "ota.simulator.timing.beacon-interval=PT0.2S",
            "ota.simulator.director.ask-interval=PT3S",
        })
@WithRealInfrastructure(database = "simulator")
abstract class SimulatorIntegrationTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final TestRepository IMAGES = new TestRepository();
    static final TestRepository DIRECTOR = new TestRepository();
    static final ImageServer IMAGE_SERVER = new ImageServer();
    private static final Map<String, TargetFile> IMAGE_TARGETS = new LinkedHashMap<>();

    @Autowired
    Fleet fleet;

    @Autowired
    FaultBook faults;

    @Autowired
    TrustAnchors anchors;

    final TestPlatform platform = TestPlatform.get();

    @DynamicPropertySource
    static void imageRepository(DynamicPropertyRegistry registry) {
        registry.add("ota.simulator.uptane.image-repository-url", IMAGE_SERVER::baseUrl);
    }

    @BeforeEach
    void provisionRoots() {
        anchors.provision(IMAGES.root, DIRECTOR.root);
    }

    Vehicle parkedVehicle() {
        Vehicle vehicle = fleet.add(FleetRequest.parked(1)).getFirst();
        await().atMost(WAIT).until(vehicle::online);
        return vehicle;
    }

    /** One online vehicle with a single secondary whose drivers answer consent requests as {@code drivers} says. */
    Vehicle vehicleWhoseDrivers(ConsentProfile drivers) {
        Vehicle vehicle = fleet.add(new FleetRequest(1, List.of(), List.of(), List.of(), 1, false, 0, 100, drivers))
                .getFirst();
        await().atMost(WAIT).until(vehicle::online);
        return vehicle;
    }

    /** Releases images into the image repository (signed, served over HTTP). */
    static synchronized void release(TestRepository.Image... images) {
        for (TestRepository.Image image : images) {
            IMAGE_TARGETS.put(image.path(), image.imageTarget());
            IMAGE_SERVER.put(image.servedPath(), image.content());
        }
        IMAGE_SERVER.putAll(IMAGES.publish(IMAGE_TARGETS));
    }

    /** Lists a target of any kind (a delta) in the image repository and serves its bytes. */
    static synchronized void publishTarget(String path, TargetFile target, byte[] content) {
        IMAGE_TARGETS.put(path, target);
        IMAGE_SERVER.put(TestRepository.Image.servedPath(path, target.hashes().get("sha256")), content);
        IMAGE_SERVER.putAll(IMAGES.publish(IMAGE_TARGETS));
    }

    /** A released image of a new version for the vehicle's ECU. */
    static TestRepository.Image releasedFor(Ecu ecu, String version, long releaseCounter) {
        TestRepository.Image image = TestRepository.Image.of(
                ecu.hardwareId() + "-fw/" + version + "-" + UUID.randomUUID() + ".bin",
                ecu.hardwareId(),
                releaseCounter);
        release(image);
        return image;
    }

    /** Director metadata for the vehicle listing these images per ECU serial. */
    static Map<String, String> director(Map<String, TestRepository.Image> byEcu) {
        Map<String, TargetFile> targets = new HashMap<>();
        byEcu.forEach((serial, image) -> targets.put(image.path(), image.directorTarget(serial)));
        return DIRECTOR.publish(targets);
    }

    /** Director metadata as signing-service issues it: each target also carries the signed install conditions. */
    static Map<String, String> director(Map<String, TestRepository.Image> byEcu, InstallConditions signed) {
        Map<String, TargetFile> targets = new HashMap<>();
        byEcu.forEach((serial, image) -> {
            TargetFile target = image.directorTarget(serial);
            Map<String, Object> custom = new LinkedHashMap<>(target.custom());
            custom.put(InstallConditions.METADATA_KEY, signed.toMetadata());
            targets.put(image.path(), new TargetFile(target.length(), target.hashes(), custom));
        });
        return DIRECTOR.publish(targets);
    }

    /** Sends assign then update, as the gateway would. Returns the assignment id. */
    UUID sendUpdate(
            Vehicle vehicle,
            String version,
            Map<String, TestRepository.Image> byEcu,
            Map<String, String> metadata,
            @Nullable InstallConditions conditions) {
        return sendUpdate(vehicle, version, byEcu, metadata, conditions, Duration.ZERO);
    }

    /**
     * Sends assign and update; with a positive {@code assignLate} the update goes first and the assign that long after
     * it, as after a gateway restart when the two topics' consumers resume at different points.
     */
    UUID sendUpdate(
            Vehicle vehicle,
            String version,
            Map<String, TestRepository.Image> byEcu,
            Map<String, String> metadata,
            @Nullable InstallConditions conditions,
            Duration assignLate) {
        UUID assignment = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        List<EcuTarget> targets = byEcu.entrySet().stream()
                .map(e -> new EcuTarget(
                        e.getKey(),
                        e.getValue().hardwareId(),
                        e.getValue().path().substring(0, e.getValue().path().indexOf('/')),
                        version,
                        e.getValue().path(),
                        e.getValue().releaseCounter(),
                        e.getValue().content().length,
                        Map.of("sha256", e.getValue().sha256())))
                .toList();
        Map<String, Object> assign = new LinkedHashMap<>();
        assign.put("type", "assign");
        assign.put("schemaVersion", 1);
        assign.put("commandId", UUID.randomUUID().toString());
        assign.put("issuedAt", Instant.now().toString());
        assign.put("vin", vehicle.vin());
        assign.put("assignmentId", assignment.toString());
        assign.put("campaignId", campaign.toString());
        assign.put("stage", 1);
        assign.put("targets", targets);
        assign.put("conditions", conditions == null ? InstallConditions.NONE : conditions);
        if (assignLate.isZero()) {
            platform.command(vehicle.vin(), assign);
        }
        Map<String, Object> update = new LinkedHashMap<>(assign);
        update.remove("targets");
        update.remove("stage");
        update.put("type", "update");
        update.put("commandId", UUID.randomUUID().toString());
        update.put("metadata", metadata);
        update.put("conditions", conditions);
        platform.command(vehicle.vin(), update);
        if (!assignLate.isZero()) {
            try {
                Thread.sleep(assignLate.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            platform.command(vehicle.vin(), assign);
        }
        return assignment;
    }

    UpdateProgress awaitEnd(Vehicle vehicle, UUID assignment) {
        return await().atMost(WAIT)
                .until(
                        () -> platform.heard(vehicle.vin(), UpdateProgress.class).stream()
                                .filter(p -> p.assignmentId().equals(assignment)
                                        && p.phase().isTerminal())
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    List<InstallPhase> phases(Vehicle vehicle, UUID assignment) {
        return platform.heard(vehicle.vin(), UpdateProgress.class).stream()
                .filter(p -> p.assignmentId().equals(assignment))
                .map(UpdateProgress::phase)
                .toList();
    }
}
