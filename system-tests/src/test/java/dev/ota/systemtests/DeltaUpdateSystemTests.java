package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.delta.DeltaPaths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Delta updates through the whole platform (docs/deltas.md): signing-service makes the delta from release 7.0.0 to
 * 7.1.0 of an image; campaign-service seals each vehicle's verified installed image into its assignment; the director
 * offers the delta to the vehicles whose ECU runs 7.0.0 and only the full image to the vehicle on another image; the
 * vehicles on the base install through the delta and report the released image in their signed manifests, the other
 * downloads the whole image; the campaign shows who was offered a delta and the bytes against the full images.
 */
class DeltaUpdateSystemTests {

    private static final String HARDWARE = "hw-tcu";
    private static final int SIZE = 64 * 1024;

    private final OtaStory story = RunningPlatform.story();

    @Test
    void vehiclesOnTheBaseInstallThroughTheOfferedDeltaAndOneOnAnotherVersionGetsTheFullImage() {
        TestFleet onBase = TestFleet.create("delta-base", 2);
        TestFleet elsewhere = TestFleet.create("delta-other", 1);
        Release base = new Release("delta-fw", "7.0.0", HARDWARE, 3, SIZE);
        Release other = new Release("delta-other-fw", "6.9.0", HARDWARE, 2, SIZE);
        Release next = new Release("delta-fw", "7.1.0", HARDWARE, 4, SIZE);
        for (Release release : List.of(base, other)) {
            story.upload(release);
            story.release(release);
        }
        // the simulator's factory images have no bytes: each vehicle first installs its base whole
        installEverywhere("delta base", onBase.query(), base, onBase.vins());
        installEverywhere("delta other", elsewhere.query(), other, elsewhere.vins());

        story.upload(next);
        story.release(next);
        String deltaPath = DeltaPaths.of(next.targetPath(), Hashing.sha256Hex(base.content()));
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .alias("the image repository's deltas role lists " + deltaPath)
                .until(() -> story.client()
                        .get(null, OtaStory.SIGNING, "/repo/image/metadata/deltas.json")
                        .body()
                        .contains("\"" + deltaPath + "\""));
        AuditTrail trail = AuditTrail.fromNow(story);

        String id = installEverywhere(
                "delta next", onBase.query() + "," + elsewhere.query(), next, union(onBase.vins(), elsewhere.vins()));

        List<AuditTrail.Entry> issued = await().atMost(Duration.ofMinutes(2))
                .alias("the audit log holds the director's metadata for the three assignments")
                .until(() -> trail.ofType("ota.DirectorMetadataIssued", id), entries -> entries.size() >= 3);
        assertThat(issued).hasSize(3);
        long offeredBytes = 0;
        for (AuditTrail.Entry entry : issued) {
            JsonNode event = entry.event();
            String vin = event.path("vin").asString();
            JsonNode offers = event.path("deltasOffered");
            if (onBase.vins().contains(vin)) {
                assertThat(offers).as("the director offers %s the delta", vin).hasSize(1);
                assertThat(offers.get(0).path("deltaPath").asString()).isEqualTo(deltaPath);
                assertThat(offers.get(0).path("fullLength").asLong()).isEqualTo(SIZE);
                assertThat(offers.get(0).path("deltaLength").asLong()).isLessThan(SIZE / 10);
                offeredBytes += offers.get(0).path("deltaLength").asLong();
            } else {
                assertThat(offers)
                        .as("no delta for %s, which runs another image", vin)
                        .isEmpty();
            }
        }

        for (String vin : union(onBase.vins(), elsewhere.vins())) {
            String verified = await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptionsInstanceOf(AssertionError.class)
                    .until(() -> verifiedReason(trail, vin), reason -> true);
            if (onBase.vins().contains(vin)) {
                assertThat(verified).as(vin).contains(": delta ").doesNotContain("refused");
            } else {
                assertThat(verified).as(vin).contains("full image").doesNotContain("delta");
            }
            JsonNode tcu = await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> registeredEcu(vin),
                            ecu -> ecu.path("version").asString().equals(next.version()));
            assertThat(tcu.path("imageName").asString())
                    .as("%s's verified manifest", vin)
                    .isEqualTo(next.imageName());
            assertThat(tcu.path("version").asString()).isEqualTo(next.version());
            assertThat(tcu.path("installedSha256").asString()).isEqualTo(Hashing.sha256Hex(next.content()));
            assertThat(tcu.path("installedLength").asLong()).isEqualTo(SIZE);
        }

        JsonNode downloads = story.downloads(id);
        assertThat(downloads.path("vehiclesIssued").asLong()).isEqualTo(3);
        assertThat(downloads.path("vehiclesOfferedDelta").asLong()).isEqualTo(2);
        assertThat(downloads.path("fullImageBytes").asLong()).isEqualTo(3L * SIZE);
        assertThat(downloads.path("downloadBytes").asLong()).isEqualTo(SIZE + offeredBytes);
        Figures.record(
                "delta update: bytes downloaded against full images (2 of 3 vehicles on the base, 64 KiB image)",
                100.0
                        * downloads.path("downloadBytes").asLong()
                        / downloads.path("fullImageBytes").asLong(),
                "%");
    }

    /** Runs a one-stage campaign of {@code release} over the query and waits until every vehicle SUCCEEDED. */
    private String installEverywhere(String name, String query, Release release, Set<String> vins) {
        String id = story.createAndSubmit(new CampaignPlan(
                name,
                query,
                List.of(release),
                List.of(CampaignPlan.Stage.count(vins.size(), Duration.ofSeconds(2))),
                new CampaignPlan.Health(0.2, 5, 0.9, Duration.ofSeconds(10)),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5)));
        story.approve(id);
        story.start(id);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .alias(name + ": every vehicle SUCCEEDED")
                .until(
                        () -> story.campaignVehicles(id),
                        vehicles -> vehicles.size() == vins.size()
                                && vehicles.stream()
                                        .allMatch(
                                                v -> v.path("status").asString().equals("SUCCEEDED")));
        return id;
    }

    /** The reason of the vehicle's VERIFIED progress report: how each image came (delta or full image). */
    private static String verifiedReason(AuditTrail trail, String vin) {
        return trail.ofType("ota.UpdateProgress").stream()
                .map(AuditTrail.Entry::event)
                .filter(e -> e.path("vin").asString().equals(vin))
                .filter(e -> e.path("phase").asString().equals("VERIFIED"))
                .map(e -> e.path("reason").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no VERIFIED report of " + vin + " in the audit log"));
    }

    /** The vehicle's ECU of {@link #HARDWARE} as campaign-service's registry holds it from verified manifests. */
    private JsonNode registeredEcu(String vin) {
        JsonNode vehicle = story.client()
                .get(Actor.FLEET_OPS, OtaStory.CAMPAIGN, "/api/vehicles/" + vin)
                .orFail("vehicle " + vin)
                .json();
        for (JsonNode ecu : vehicle.path("ecus")) {
            if (ecu.path("hardwareId").asString().equals(HARDWARE)) {
                return ecu;
            }
        }
        throw new AssertionError(vin + " has no " + HARDWARE + " ECU: " + vehicle);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
