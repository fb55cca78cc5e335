package dev.ota.launcher.demo;

import dev.ota.launcher.LocalPlatform;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The steps of the story, each through a public interface as the person (or machine) who takes it: CI uploads, the
 * release engineer co-signs and plans, the approver approves, fleet operations run the fleet and the campaign, the
 * auditor verifies. Used by {@code ota demo} and by the system tests.
 */
public final class OtaStory {

    public static final String AUTH = "auth-server";
    public static final String SIGNING = "signing-service";
    public static final String CAMPAIGN = "campaign-service";
    public static final String GATEWAY = "device-gateway";
    public static final String HEALTH = "health-service";
    public static final String ROLLBACK = "rollback-service";
    public static final String AUDIT = "audit-service";
    public static final String SIMULATOR = "vehicle-simulator";

    /** Where the signing service's development key ceremony leaves the offline keys (relative to its directory). */
    private static final Path OFFLINE_KEYS = Path.of("var", "signing", "trust", "offline-keys-DEV-ONLY");

    public static final String DEV_PASSPHRASE = "dev-only-passphrase";
    private static final int PARALLEL_CALLS = 8;

    private final PlatformClient client;
    private final Path releaseEngineerKey;

    public OtaStory(PlatformClient client, Path releaseEngineerKey) {
        this.client = client;
        this.releaseEngineerKey = releaseEngineerKey;
    }

    /** The story against a platform started by {@link LocalPlatform}. */
    public static OtaStory on(LocalPlatform platform) {
        return new OtaStory(
                new PlatformClient(platform::url),
                platform.serviceDirectory(SIGNING).resolve(OFFLINE_KEYS).resolve("release-engineer.key"));
    }

    /** The release engineer's encrypted development key file (its passphrase: {@link #DEV_PASSPHRASE}). */
    public Path releaseEngineerKeyFile() {
        return releaseEngineerKey;
    }

    public PlatformClient client() {
        return client;
    }

    // --- the fleet (fleet operations and the administrator, through the simulator's control API)

    /** Ships the vehicles' trust anchors: the image repository's and the director's first root, as published. */
    public void provisionVehicleTrust() {
        String imageRoot = client.get(null, SIGNING, "/repo/image/metadata/1.root.json")
                .orFail("image repository root")
                .body();
        String directorRoot = client.get(null, SIGNING, "/repo/director/metadata/1.root.json")
                .orFail("director root")
                .body();
        client.put(
                        Actor.ADMIN,
                        SIMULATOR,
                        "/api/v1/fleet/trust",
                        Map.of("imageRoot", imageRoot, "directorRoot", directorRoot))
                .orFail("trust provisioning");
    }

    /**
     * The demo's fleet as it leaves the factory line: the vehicles' trust anchors installed, {@code vehicles} of two
     * models in two regions created offline, registered with their ECU keys under {@code tag}, then online with their
     * manifests in the registry.
     */
    public List<FleetVehicle> factoryFleet(int vehicles, String tag, Consumer<String> progress) {
        provisionVehicleTrust();
        List<FleetVehicle> fleet = createFleet(vehicles, List.of("Sim-S", "Sim-X"), List.of("EU", "US"));
        register(fleet, tag, Duration.ofMinutes(5), progress);
        return fleet;
    }

    /**
     * Adds parked, charged vehicles to the simulator and returns them, off the network: as at the end of a factory line,
     * {@link #register} enters them in the registry and then brings them online, so that their first manifest finds
     * them registered (a manifest from an unregistered vehicle is refused and dead-lettered).
     */
    public List<FleetVehicle> createFleet(int count, List<String> models, List<String> regions) {
        Set<String> before = new HashSet<>();
        simulatedVehicles().forEach(v -> before.add(v.vin()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("count", count);
        request.put("models", models);
        request.put("regions", regions);
        request.put("secondaries", 2);
        request.put("drivingShare", 0.0);
        request.put("minBattery", 80);
        request.put("online", false);
        client.post(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet", request).orFail("fleet creation");
        List<FleetVehicle> created = simulatedVehicles().stream()
                .filter(v -> !before.contains(v.vin()))
                .toList();
        if (created.size() != count) {
            throw new StoryFailure("asked for " + count + " vehicles, the simulator lists " + created.size());
        }
        return created;
    }

    /** Every simulated vehicle, in VIN order. */
    public List<FleetVehicle> simulatedVehicles() {
        List<FleetVehicle> all = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = client.get(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet/vehicles?limit=1000&offset=" + offset)
                    .orFail("fleet listing")
                    .json();
            page.forEach(v -> all.add(FleetVehicle.of(v)));
            if (page.size() < 1000) {
                return all;
            }
        }
    }

    /** The simulated vehicles with these VINs, as they are now. */
    public List<FleetVehicle> simulatedVehicles(Set<String> vins) {
        return simulatedVehicles().stream().filter(v -> vins.contains(v.vin())).toList();
    }

    public JsonNode fleetSummary() {
        return client.get(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet")
                .orFail("fleet summary")
                .json();
    }

    /** Waits until every one of these vehicles holds an MQTT session. */
    public void awaitOnline(List<FleetVehicle> fleet, Duration timeout, Consumer<String> progress) {
        Set<String> vins = vins(fleet);
        Poll.until(
                "vehicles online",
                timeout,
                Duration.ofSeconds(1),
                () -> simulatedVehicles(vins).stream()
                        .filter(FleetVehicle::online)
                        .count(),
                online -> online == vins.size(),
                online -> progress.accept("fleet: " + online + "/" + vins.size() + " vehicles online"));
    }

    /**
     * End-of-line registration in the campaign registry by the factory line (model, year, region, fitted ECUs with the
     * public key each signs its reports with, a tag), then each vehicle comes online (or reconnects, if it was online)
     * and reports its signed manifest, and this waits until the registry holds every manifest: only then can a campaign
     * check a vehicle's compatibility.
     */
    public void register(List<FleetVehicle> fleet, String tag, Duration timeout, Consumer<String> progress) {
        parallel(
                fleet,
                vehicle -> client.put(
                                Actor.PROVISIONER,
                                CAMPAIGN,
                                "/api/vehicles/" + vehicle.vin(),
                                registration(vehicle, tag))
                        .orFail("registration of " + vehicle.vin()));
        progress.accept("registry: " + fleet.size() + " vehicles registered with tag " + tag);
        reconnect(fleet, timeout, progress);
        Set<String> vins = vins(fleet);
        Poll.until(
                "manifests in the registry",
                timeout,
                Duration.ofSeconds(1),
                () -> registeredWithManifest(vins),
                reported -> reported == vins.size(),
                reported -> progress.accept("registry: " + reported + "/" + vins.size() + " manifests reported"));
    }

    /** Takes the vehicles offline and back online: a primary reports its manifest when it (re)connects. */
    public void reconnect(List<FleetVehicle> fleet, Duration timeout, Consumer<String> progress) {
        parallel(fleet, vehicle -> changeVehicle(vehicle.vin(), Map.of("online", false)));
        Set<String> vins = vins(fleet);
        Poll.until(
                "vehicles offline",
                timeout,
                () -> simulatedVehicles(vins).stream()
                        .filter(FleetVehicle::online)
                        .count(),
                online -> online == 0);
        parallel(fleet, vehicle -> changeVehicle(vehicle.vin(), Map.of("online", true)));
        awaitOnline(fleet, timeout, progress);
    }

    public Reply changeVehicle(String vin, Map<String, Object> change) {
        return client.patch(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet/vehicles/" + vin, change)
                .orFail("change of " + vin);
    }

    /**
     * Vehicles updated to this image version report the application in their health beacons, DOWN on {@code share} of
     * them (drawn per install) and UP on the rest (the simulator's application fault).
     */
    public void injectApplicationDown(String version, String application, double share) {
        Map<String, Object> body = faultRates(Map.of("applicationDown", share));
        body.put("application", application);
        client.put(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet/faults/" + version, body)
                .orFail("application fault for " + version);
    }

    /** How vehicles misbehave with one image version (the simulator's fault injection). */
    public void injectFaults(String version, Map<String, Double> profile) {
        client.put(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet/faults/" + version, faultRates(profile))
                .orFail("fault profile for " + version);
    }

    /** Every rate the simulator's fault profile requires, 0 unless given. */
    private static Map<String, Object> faultRates(Map<String, Double> given) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : List.of(
                "bootFailure",
                "appCrash",
                "dtcStorm",
                "corruptDownload",
                "slowDownload",
                "offlineMidUpdate",
                "neverReports",
                "applicationDown")) {
            body.put(field, given.getOrDefault(field, 0.0));
        }
        return body;
    }

    public void attack(List<String> vins, String scenario) {
        client.put(Actor.FLEET_OPS, SIMULATOR, "/api/v1/fleet/attack", Map.of("scenario", scenario, "vins", vins))
                .orFail("attack " + scenario);
    }

    private long registeredWithManifest(Set<String> vins) {
        Set<String> reported = new HashSet<>();
        String after = "";
        while (true) {
            JsonNode page = client.get(
                            Actor.FLEET_OPS,
                            CAMPAIGN,
                            "/api/vehicles?size=1000" + (after.isEmpty() ? "" : "&after=" + after))
                    .orFail("registry listing")
                    .json();
            for (JsonNode vehicle : page) {
                String vin = vehicle.path("vin").asString();
                if (vins.contains(vin)
                        && !vehicle.path("manifestAt").isNull()
                        && !vehicle.path("manifestAt").isMissingNode()) {
                    reported.add(vin);
                }
                if (vin.compareTo(after) > 0) {
                    after = vin; // the cursor is the highest VIN seen, whatever order the page came in
                }
            }
            if (page.size() < 1000) {
                return reported.size();
            }
        }
    }

    private static Map<String, Object> registration(FleetVehicle vehicle, String tag) {
        List<Map<String, Object>> ecus = new ArrayList<>();
        for (FleetVehicle.Ecu ecu : vehicle.ecus()) {
            ecus.add(Map.of(
                    "serial",
                    ecu.serial(),
                    "hardwareId",
                    ecu.hardwareId(),
                    "primary",
                    ecu.primary(),
                    "publicKey",
                    ecu.publicKey()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vin", vehicle.vin());
        body.put("model", vehicle.model());
        body.put("modelYear", vehicle.modelYear());
        body.put("region", vehicle.region());
        body.put("market", vehicle.region());
        body.put("tags", List.of(tag));
        body.put("timeZone", "UTC");
        body.put("ecus", ecus);
        return body;
    }

    // --- releases (CI, then a release engineer)

    /** CI's upload: the image bytes, signed into the staging role. Returns the signed target entry. */
    public JsonNode upload(Release release) {
        return client.send(Actor.CI, "PUT", SIGNING, uploadPath(release), "application/octet-stream", release.content())
                .orFail("upload of " + release)
                .json();
    }

    public static String uploadPath(Release release) {
        return "/api/images/" + release.imageName() + "/" + release.version() + "?hardwareId="
                + URLEncoder.encode(release.hardwareId(), StandardCharsets.UTF_8) + "&releaseCounter="
                + release.releaseCounter() + "&custom.builtBy=ota-demo";
    }

    /**
     * The release engineer's co-signature: fetch the release candidate, sign it with the offline key, post it; the
     * signing service adds its own signature (threshold two) and publishes the image to vehicles.
     */
    public JsonNode release(Release release) {
        return coSign(release.imageName(), release.version());
    }

    /**
     * The rollback path, prepared before it is needed: the release engineer has the signing service re-release the
     * bytes of {@code lastKnownGood} as a new version under {@code releaseCounter} (above the release it protects), and
     * co-signs it. Returns the re-released image.
     */
    public JsonNode reRelease(Release lastKnownGood, long releaseCounter) {
        String version = client.post(
                        Actor.RELEASE_ENGINEER,
                        SIGNING,
                        "/api/images/" + lastKnownGood.imageName() + "/" + lastKnownGood.version() + "/re-release",
                        Map.of("releaseCounter", releaseCounter))
                .orFail("re-release of " + lastKnownGood)
                .json()
                .path("version")
                .asString();
        return coSign(lastKnownGood.imageName(), version);
    }

    private JsonNode coSign(String imageName, String version) {
        String path = "/api/images/" + imageName + "/" + version;
        String candidate = client.get(Actor.RELEASE_ENGINEER, SIGNING, path + "/release-candidate")
                .orFail("release candidate of " + imageName + " " + version)
                .body();
        String signed = SignedDocument.parse(candidate, Targets::fromJson)
                .withSignatureBy(releaseEngineerKey())
                .toJson();
        client.post(Actor.RELEASE_ENGINEER, SIGNING, path + "/co-sign", signed)
                .orFail("co-signature of " + imageName + " " + version);
        return client.get(Actor.RELEASE_ENGINEER, SIGNING, path)
                .orFail("image " + imageName + " " + version)
                .json();
    }

    private Signer releaseEngineerKey() {
        try {
            return EncryptedKeyFile.decrypt(Files.readAllBytes(releaseEngineerKey), DEV_PASSPHRASE.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("the release engineer's key " + releaseEngineerKey + " is not readable", e);
        }
    }

    // --- campaigns (release engineer, approver, fleet operations)

    /** Creates the campaign as the release engineer and submits it; returns its id. */
    public String createAndSubmit(CampaignPlan plan) {
        String id = client.post(Actor.RELEASE_ENGINEER, CAMPAIGN, "/api/campaigns", plan.definition())
                .orFail("campaign creation")
                .json()
                .path("id")
                .asString();
        client.post(Actor.RELEASE_ENGINEER, CAMPAIGN, "/api/campaigns/" + id + "/submit", null)
                .orFail("submission");
        return id;
    }

    /** The second person's approval (four-eyes: the approver did not create it). */
    public JsonNode approve(String id) {
        return client.post(
                        Actor.APPROVER,
                        CAMPAIGN,
                        "/api/campaigns/" + id + "/approve",
                        Map.of("reason", "reviewed bundle, stages and health criteria"))
                .orFail("approval")
                .json();
    }

    public JsonNode start(String id) {
        return client.post(Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id + "/start", Map.of("reason", "go"))
                .orFail("start")
                .json();
    }

    public JsonNode campaign(String id) {
        return client.get(Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id)
                .orFail("campaign")
                .json();
    }

    public String state(String id) {
        return campaign(id).path("state").asString();
    }

    /**
     * What the campaign's vehicles download as the director offered it: vehicles offered a delta, bytes with deltas,
     * bytes of the full images (docs/deltas.md).
     */
    public JsonNode downloads(String id) {
        return client.get(Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id + "/downloads")
                .orFail("downloads")
                .json();
    }

    public JsonNode stages(String id) {
        return client.get(Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id + "/stages")
                .orFail("stages")
                .json();
    }

    public JsonNode transitions(String id) {
        return client.get(Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id + "/transitions")
                .orFail("transitions")
                .json();
    }

    /** Every vehicle of the campaign with its stage, status and assignment. */
    public List<JsonNode> campaignVehicles(String id) {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            JsonNode page = client.get(
                            Actor.FLEET_OPS, CAMPAIGN, "/api/campaigns/" + id + "/vehicles?limit=1000&offset=" + offset)
                    .orFail("campaign vehicles")
                    .json();
            page.forEach(all::add);
            if (page.size() < 1000) {
                return all;
            }
        }
    }

    /** Waits until the campaign reaches one of the states, reporting progress as it goes. */
    public String awaitState(String id, Set<String> states, Duration timeout, Consumer<String> progress) {
        StageProgress reporter = new StageProgress(progress);
        return Poll.until(
                "campaign " + id + " in " + states,
                timeout,
                Duration.ofSeconds(1),
                () -> {
                    String state = state(id);
                    reporter.report(state, stages(id));
                    return state;
                },
                states::contains,
                state -> {});
    }

    // --- health, rollback, audit

    public JsonNode verdicts(String id, int stage) {
        return client.get(Actor.FLEET_OPS, HEALTH, "/api/health/campaigns/" + id + "/stages/" + stage + "/verdicts")
                .orFail("verdicts")
                .json();
    }

    public JsonNode stageHealth(String id, int stage) {
        return client.get(Actor.FLEET_OPS, HEALTH, "/api/health/campaigns/" + id + "/stages/" + stage)
                .orFail("stage health")
                .json();
    }

    public JsonNode rollbackDecisions(String id) {
        return client.get(Actor.FLEET_OPS, ROLLBACK, "/api/rollbacks?campaignId=" + id)
                .orFail("rollback decisions")
                .json();
    }

    public JsonNode rollbackDecision(String decisionId) {
        return client.get(Actor.FLEET_OPS, ROLLBACK, "/api/rollbacks/" + decisionId)
                .orFail("rollback decision")
                .json();
    }

    /** A vehicle's software register from the audit log, as an auditor reads it (R156 §7.1.2). */
    public JsonNode vehicleHistory(String vin) {
        return client.get(Actor.AUDITOR, AUDIT, "/api/audit/vehicles/" + vin + "/history")
                .orFail("history of " + vin)
                .json();
    }

    /** The auditor's full verification of the Merkle log. */
    public JsonNode verifyAudit() {
        return client.post(Actor.AUDITOR, AUDIT, "/api/audit/verify", null)
                .orFail("audit verification")
                .json();
    }

    public long auditTreeSize() {
        return client.get(Actor.AUDITOR, AUDIT, "/api/audit/tree-head")
                .orFail("tree head")
                .json()
                .path("treeSize")
                .asLong();
    }

    /** Audit log entries from {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public List<JsonNode> auditEntries(long from, long to) {
        List<JsonNode> entries = new ArrayList<>();
        for (long index = from; index < to; index++) {
            entries.add(client.get(Actor.AUDITOR, AUDIT, "/api/audit/entries/" + index)
                    .orFail("audit entry " + index)
                    .json());
        }
        return entries;
    }

    // --- helpers

    public static Set<String> vins(List<FleetVehicle> fleet) {
        Set<String> vins = new HashSet<>();
        fleet.forEach(v -> vins.add(v.vin()));
        return vins;
    }

    /** Runs a call per vehicle, a few at a time, and fails with the first failure. */
    private static <T> void parallel(List<T> items, Function<T, ?> call) {
        Semaphore permits = new Semaphore(PARALLEL_CALLS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return call.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r
                            ? r
                            : new StoryFailure(String.valueOf(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoryFailure("interrupted");
                }
            }
        }
    }
}
