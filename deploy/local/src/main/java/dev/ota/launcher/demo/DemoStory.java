package dev.ota.launcher.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The demo's script: a fleet joins, CI uploads a good and a faulty release, a release engineer co-signs them and plans
 * staged campaigns, an approver approves, fleet operations start them; the good release reaches every vehicle stage by
 * stage, the faulty one is stopped in its first stage and the vehicles it hurt are rolled back; the auditor verifies
 * the log. Every step is a public API call; what the platform does in between is watched, not driven.
 */
public final class DemoStory {

    /** The good release: new firmware for the telematics unit and the brake controller. */
    public static final Release TCU_2_0 = new Release("tcu-fw", "2.0.0", "hw-tcu", 2, 32 * 1024);

    public static final Release BRAKE_2_0 = new Release("brake-fw", "2.0.0", "hw-brake", 2, 32 * 1024);

    /** The faulty release: a brake-controller firmware that does not always boot. */
    public static final Release BRAKE_2_1 = new Release("brake-fw", "2.1.0", "hw-brake", 3, 32 * 1024);

    private static final double FIRST_STAGE_SHARE = 10;
    private static final double CONFIDENCE = 0.95;
    private static final Duration STAGE_SOAK = Duration.ofSeconds(5);
    private static final Duration VEHICLE_SOAK = Duration.ofSeconds(15);

    private final OtaStory story;
    private final Consumer<String> out;

    public DemoStory(OtaStory story, Consumer<String> out) {
        this.story = story;
        this.out = out;
    }

    /** Plays the whole story on a fleet of {@code vehicles}; fails with a {@link StoryFailure} if the platform does. */
    public DemoSummary play(int vehicles, String tag) {
        Stopwatch total = new Stopwatch();
        DemoSummary.Builder summary = new DemoSummary.Builder(vehicles);

        step("1. The fleet: " + vehicles
                + " simulated vehicles leave the factory line: registered, then online, they report their manifests");
        Stopwatch fleetClock = new Stopwatch();
        List<FleetVehicle> fleet = story.factoryFleet(vehicles, tag, this::progress);
        summary.fleetReadySeconds(fleetClock.seconds());

        step("2. CI uploads two releases; a release engineer co-signs them (release role: threshold two)");
        for (Release release : List.of(TCU_2_0, BRAKE_2_0, BRAKE_2_1)) {
            JsonNode signed = story.upload(release);
            JsonNode released = story.release(release);
            progress("%s: uploaded (%s, sha256 %s...), co-signed, %s"
                    .formatted(
                            release,
                            signed.path("targetPath").asString(),
                            signed.path("target")
                                    .path("hashes")
                                    .path("sha256")
                                    .asString()
                                    .substring(0, 12),
                            released.path("status").asString()));
        }

        int firstStage = (int) Math.ceil(vehicles * FIRST_STAGE_SHARE / 100);
        CampaignPlan.Health health = healthFor(firstStage);
        double faultRate = vehicles >= 500 ? 0.2 : 0.5;
        progress(String.format(
                Locale.ROOT,
                "health criteria: failure rate <= %.2f at %.0f%% confidence, at least %d vehicles, %d s vehicle soak",
                health.maxFailureRate(),
                health.confidence() * 100,
                health.minSamples(),
                health.soak().toSeconds()));

        step("3. The good release (" + TCU_2_0 + ", " + BRAKE_2_0 + "): staged campaign 10% / 30% / 60%");
        CampaignPlan good = plan("Spring update " + tag, tag, List.of(TCU_2_0, BRAKE_2_0), health, vehicles);
        String goodId = story.createAndSubmit(good);
        progress("created and submitted by " + Actor.RELEASE_ENGINEER.clientId() + ": campaign " + goodId);
        JsonNode approved = story.approve(goodId);
        progress("approved by " + approved.path("approvedBy").asString() + " (four-eyes: not its creator)");
        Stopwatch goodClock = new Stopwatch();
        story.start(goodId);
        String goodState = story.awaitState(
                goodId,
                Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK"),
                Duration.ofMinutes(30),
                this::progress);
        summary.good(goodId, goodState, goodClock.seconds(), statusCounts(goodId));
        if (!goodState.equals("COMPLETED")) {
            throw new StoryFailure("the good release ended " + goodState + ": " + lastTransition(goodId));
        }

        step(String.format(
                Locale.ROOT,
                "4. The faulty release (%s, %.0f%% boot failures injected): same plan, rollback of failed vehicles",
                BRAKE_2_1,
                faultRate * 100));
        JsonNode rollbackPath = story.reRelease(BRAKE_2_0, BRAKE_2_1.releaseCounter() + 1);
        progress("rollback path prepared before the start: %s re-released as %s (release counter %d, same sha256), %s"
                .formatted(
                        BRAKE_2_0,
                        rollbackPath.path("version").asString(),
                        rollbackPath.path("releaseCounter").asLong(),
                        rollbackPath.path("status").asString()));
        story.injectFaults(BRAKE_2_1.version(), Map.of("bootFailure", faultRate));
        CampaignPlan faulty = plan("Brake hotfix " + tag, tag, List.of(BRAKE_2_1), health, vehicles);
        String faultyId = story.createAndSubmit(faulty);
        story.approve(faultyId);
        Stopwatch faultyClock = new Stopwatch();
        story.start(faultyId);
        progress("campaign " + faultyId + " started");
        String stopped = story.awaitState(
                faultyId,
                Set.of("PAUSED", "ROLLED_BACK", "COMPLETED", "ABORTED"),
                Duration.ofMinutes(15),
                this::progress);
        double secondsToStop = faultyClock.seconds();
        if (stopped.equals("COMPLETED")) {
            throw new StoryFailure("the faulty release was not stopped: it COMPLETED");
        }
        JsonNode verdict = firstFail(faultyId);
        double failToPause = failToPauseSeconds(faultyId, verdict);
        progress(String.format(
                Locale.ROOT,
                "FAIL verdict for cohort %s: %d of %d vehicles failed (lower bound above %.2f); paused %.2f s later",
                verdict.path("cohort").asString(),
                verdict.path("failures").asLong(),
                verdict.path("samples").asLong(),
                verdict.path("threshold").asDouble(),
                failToPause));
        String faultyState = story.awaitState(
                faultyId, Set.of("ROLLED_BACK", "ABORTED", "COMPLETED"), Duration.ofMinutes(5), this::progress);
        JsonNode decisions = story.rollbackDecisions(faultyId);
        for (JsonNode decision : decisions) {
            progress("rollback decision: %s, %d vehicles in scope, %d assigned, %d succeeded, %d refused (%s)"
                    .formatted(
                            decision.path("policy").asString(),
                            decision.path("inScope").asInt(),
                            decision.path("assigned").asInt(),
                            decision.path("succeeded").asInt(),
                            decision.path("refused").asInt(),
                            decision.path("status").asString()));
        }
        long outsideFirstStage = story.campaignVehicles(faultyId).stream()
                .filter(v -> v.path("stage").asInt() > 1)
                .filter(v -> !v.path("assignmentId").isNull())
                .count();
        summary.faulty(
                faultyId,
                faultyState,
                secondsToStop,
                verdict,
                failToPause,
                statusCounts(faultyId),
                decisions,
                outsideFirstStage);

        step("5. The auditor verifies the tamper-evident log");
        JsonNode audit = story.verifyAudit();
        summary.audit(audit.path("intact").asBoolean(), audit.path("entries").asLong());
        progress("audit log: %s, %d entries, %d signed checkpoints checked"
                .formatted(
                        audit.path("intact").asBoolean() ? "intact" : "NOT INTACT " + audit.path("problems"),
                        audit.path("entries").asLong(),
                        audit.path("checkpointsChecked").asInt()));

        summary.versions(versionsOn(fleet, "hw-brake"));
        for (String id : List.of(goodId, faultyId)) {
            summary.downloads(story.downloads(id));
        }
        summary.totalSeconds(total.seconds());
        return summary.build();
    }

    /**
     * The campaign both releases use: 10%, 30%, then the rest, each judged by {@code health}. A vehicle whose install
     * failed for a transient cause (a repository it could not reach while thousands download at once, a broken
     * download) is tried again up to three times, 10 s, 20 s, then 40 s later; a failed boot is the release's failure
     * and is not retried.
     */
    static CampaignPlan plan(String name, String tag, List<Release> bundle, CampaignPlan.Health health, int vehicles) {
        return new CampaignPlan(
                name,
                "tag==" + tag,
                bundle,
                List.of(
                        CampaignPlan.Stage.percent(FIRST_STAGE_SHARE, STAGE_SOAK),
                        CampaignPlan.Stage.percent(30, STAGE_SOAK),
                        CampaignPlan.Stage.percent(60, STAGE_SOAK)),
                health,
                "ROLLBACK_FAILED_VEHICLES",
                Math.max(600, vehicles * 6),
                Duration.ofMinutes(10),
                DEMO_RETRY);
    }

    private static final CampaignPlan.Retry DEMO_RETRY =
            new CampaignPlan.Retry(3, Duration.ofSeconds(10), 2, Duration.ofMinutes(2));

    /**
     * Criteria a healthy first stage of this size can pass: a clean stage of n vehicles has the one-sided Wilson upper
     * bound z²/(n+z²), so the threshold is 5% or that bound with a margin, whichever is higher.
     */
    static CampaignPlan.Health healthFor(int firstStage) {
        double z = 1.6449; // one-sided 95%
        double cleanBound = z * z / (firstStage + z * z);
        double threshold = Math.max(0.05, Math.ceil(cleanBound * 1.3 * 100) / 100);
        return new CampaignPlan.Health(threshold, Math.max(1, Math.min(20, firstStage / 2)), CONFIDENCE, VEHICLE_SOAK);
    }

    private JsonNode firstFail(String id) {
        for (JsonNode verdict : story.verdicts(id, 1)) {
            if (verdict.path("outcome").asString().equals("FAIL")) {
                return verdict;
            }
        }
        throw new StoryFailure("the faulty campaign stopped without a FAIL verdict: " + lastTransition(id));
    }

    private double failToPauseSeconds(String id, JsonNode verdict) {
        Instant failed = Instant.parse(verdict.path("decidedAt").asString());
        for (JsonNode transition : story.transitions(id)) {
            if (transition.path("to").asString().equals("PAUSED")) {
                return Duration.between(
                                        failed,
                                        Instant.parse(transition.path("at").asString()))
                                .toMillis()
                        / 1000.0;
            }
        }
        return Double.NaN;
    }

    private String lastTransition(String id) {
        JsonNode transitions = story.transitions(id);
        return transitions.isEmpty()
                ? "no transitions"
                : transitions.get(transitions.size() - 1).toString();
    }

    private Map<String, Long> statusCounts(String id) {
        Map<String, Long> counts = new TreeMap<>();
        story.campaignVehicles(id).forEach(v -> counts.merge(v.path("status").asString(), 1L, Long::sum));
        return counts;
    }

    private Map<String, Long> versionsOn(List<FleetVehicle> fleet, String hardwareId) {
        Map<String, Long> versions = new TreeMap<>();
        story.simulatedVehicles(OtaStory.vins(fleet))
                .forEach(v -> v.versionOn(hardwareId).ifPresent(version -> versions.merge(version, 1L, Long::sum)));
        return versions;
    }

    private void step(String text) {
        out.accept("");
        out.accept("== " + text);
    }

    private void progress(String text) {
        out.accept("   " + text);
    }

    /** Wall-clock seconds since it was made. */
    static final class Stopwatch {
        private final long started = System.nanoTime();

        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }
}
