package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code watch} as a CI gate, {@code campaign create} with its preview, {@code image push} twice. */
class WatchAndCreateTests {

    static final String ID = "3f1d2c1e-0000-4000-8000-000000000001";
    static final String CAMPAIGN = "GET /api/campaigns/" + ID;

    @TempDir
    Path home;

    private FakePlatform platform;
    private FakePlatform.Captured cli;

    @BeforeEach
    void logIn() throws Exception {
        platform = new FakePlatform().issuing("demo-fleet-ops", "FLEET_OPS", 300);
        cli = new FakePlatform.Captured(platform.environment(home.resolve("ota")));
        cli.run("login", "--client-id", "demo-fleet-ops", "--client-secret", "fleet-ops-demo");
        cli.out.getBuffer().setLength(0);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    static FakePlatform.Answer campaign(String state) {
        return new FakePlatform.Answer(
                200, "{\"id\":\"" + ID + "\",\"state\":\"" + state + "\",\"definition\":{\"name\":\"ecm 4.2\"}}");
    }

    static FakePlatform.Answer stages(String stageState, String verdict, long succeeded) {
        return new FakePlatform.Answer(
                200,
                "[{\"stage\":1,\"planned\":4,\"state\":\"" + stageState + "\",\"verdict\":"
                        + (verdict == null ? "null" : "\"" + verdict + "\"")
                        + ",\"verdictDetail\":\"hw:hw-brake 3/4 failed\",\"vehicles\":{\"SUCCEEDED\":" + succeeded
                        + ",\"FAILED\":0}}]");
    }

    @Test
    void watchPrintsEachChangeAndExitsZeroWhenTheCampaignCompletes() {
        platform.on(CAMPAIGN, campaign("RUNNING"), campaign("RUNNING"), campaign("COMPLETED"));
        platform.on(
                CAMPAIGN + "/stages",
                stages("DISPATCHING", null, 1),
                stages("SOAKING", null, 4),
                stages("PASSED", "PASS", 4));

        assertThat(cli.run("watch", ID, "--interval", "1s", "--timeout", "1m")).isEqualTo(ExitCode.OK);

        assertThat(cli.out.toString())
                .contains("stage 1/1 DISPATCHING (4 planned: 1 succeeded)")
                .contains("stage 1/1 SOAKING (4 planned: 4 succeeded)")
                .contains("stage 1/1 PASSED PASS (4 planned: 4 succeeded)")
                .endsWith("COMPLETED: every stage passed\n");
    }

    @Test
    void watchFailsTheGateWhenAFailVerdictPausedTheCampaignOrItWasRolledBack() {
        platform.on(CAMPAIGN, campaign("PAUSED"));
        platform.on(CAMPAIGN + "/stages", stages("FAILED", "FAIL", 1));
        platform.on(CAMPAIGN + "/transitions", 200, "[{\"to\":\"PAUSED\",\"actor\":\"health-service\"}]");

        assertThat(cli.run("watch", ID, "--output", "json", "--timeout", "5s", "--interval", "1s"))
                .isEqualTo(ExitCode.CAMPAIGN_FAILED);
        var result = OutputOption.mapper().readTree(cli.out.toString());
        assertThat(result.path("outcome").asString()).isEqualTo("PAUSED_FOR_FAILURE");
        assertThat(result.path("reason").asString())
                .isEqualTo("paused after a FAIL verdict in stage 1: hw:hw-brake 3/4 failed");

        platform.on(CAMPAIGN, campaign("ROLLED_BACK"));
        assertThat(cli.run("watch", ID, "--timeout", "5s")).isEqualTo(ExitCode.CAMPAIGN_FAILED);
    }

    @Test
    void watchNamesTheApplicationWhenARequiredApplicationDownFailedTheStage() {
        String detail = "FAIL hw:hw-ecm: engine-control DOWN on 3 of 4 vehicles (hardware hw-ecm); 3/4 failed,"
                + " upper bound 0.9000 vs threshold 0.0500 (wilson-lower-bound(0.95)=0.3000 > max-failure-rate 0.0500)";
        platform.on(CAMPAIGN, campaign("PAUSED"));
        platform.on(
                CAMPAIGN + "/stages",
                200,
                "[{\"stage\":1,\"planned\":4,\"state\":\"FAILED\",\"verdict\":\"FAIL\",\"verdictDetail\":\"" + detail
                        + "\",\"vehicles\":{\"SUCCEEDED\":1,\"FAILED\":3}}]");
        platform.on(CAMPAIGN + "/transitions", 200, "[{\"to\":\"PAUSED\",\"actor\":\"health-service\"}]");

        assertThat(cli.run("watch", ID, "--timeout", "5s", "--interval", "1s")).isEqualTo(ExitCode.CAMPAIGN_FAILED);

        assertThat(cli.out.toString())
                .contains("stage 1/1 FAILED FAIL (4 planned: 3 failed, 1 succeeded) - " + detail)
                .contains("paused after a FAIL verdict in stage 1: FAIL hw:hw-ecm: engine-control DOWN on 3 of 4"
                        + " vehicles (hardware hw-ecm)");
    }

    @Test
    void watchKeepsWaitingOnACampaignAPersonHeldAndTimesOut() {
        platform.on(CAMPAIGN, campaign("PAUSED"));
        platform.on(CAMPAIGN + "/stages", stages("SOAKING", null, 2));
        platform.on(CAMPAIGN + "/transitions", 200, "[{\"to\":\"PAUSED\",\"actor\":\"olga\"}]");

        assertThat(cli.run("watch", ID, "--interval", "1s", "--timeout", "2s")).isEqualTo(ExitCode.TIMED_OUT);

        assertThat(platform.count("GET", "/api/campaigns/" + ID)).isGreaterThanOrEqualTo(2);
        assertThat(cli.out.toString()).contains("TIMED_OUT: still PAUSED after 2s");
    }

    @Test
    void aStageThatCannotProveItsHealthIsShownAsWaitingForAPersonWhoAdvancesItWithAReason() {
        platform.on(CAMPAIGN, campaign("RUNNING"));
        platform.on(CAMPAIGN + "/stages", stages("SOAKING", "INSUFFICIENT_DATA", 4));
        platform.on("POST /api/campaigns/" + ID + "/advance", 200, "{\"id\":\"" + ID + "\",\"state\":\"RUNNING\"}");

        assertThat(cli.run("watch", ID, "--interval", "1s", "--timeout", "2s")).isEqualTo(ExitCode.TIMED_OUT);
        assertThat(cli.out.toString())
                .contains("stage 1/1 SOAKING INSUFFICIENT_DATA (4 planned: 4 succeeded) - hw:hw-brake 3/4 failed"
                        + " - the stage cannot prove its health on its own: a person decides (ota campaign advance,"
                        + " hold or abort)");

        cli.out.getBuffer().setLength(0);
        assertThat(cli.run("campaign", "advance", ID, "--reason", "12 of 12 healthy, bound too wide for 5 %"))
                .isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("campaign " + ID + " advanced: now RUNNING");
        FakePlatform.Request advance = platform.requests.getLast();
        assertThat(advance.path()).isEqualTo("/api/campaigns/" + ID + "/advance");
        assertThat(advance.body()).contains("12 of 12 healthy");
    }

    @Test
    void createShowsTheTargetingPreviewThenCreatesAndSubmitsTheYamlAsJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("campaign.yaml"), """
                name: ecm 4.2
                target: {type: query, query: "tag==pilot"}
                bundle:
                  images:
                    - {hardwareId: hw-ecm, imageName: ecm-fw, version: 4.2.0, requires: []}
                stages:
                  - {count: 4, soakTime: PT10S, autoAdvance: true}
                rollbackPolicy: PAUSE_ONLY
                """);
        platform.on(
                "POST /api/targeting/preview",
                200,
                "{\"total\":4,\"byModel\":{\"Sim-S\":4},\"byRegion\":{\"EU\":3,\"UK\":1}}");
        platform.on(
                "POST /api/campaigns/review",
                200,
                "{\"targeted\":4,\"smallestPassingStage\":52,\"stages\":[],\"warnings\":[\"stage 1 (4 vehicles)"
                        + " cannot PASS: ...\"]}");
        platform.on("POST /api/campaigns", 201, "{\"id\":\"" + ID + "\",\"state\":\"DRAFT\"}");
        platform.on(
                "POST /api/campaigns/" + ID + "/submit", 200, "{\"id\":\"" + ID + "\",\"state\":\"PENDING_APPROVAL\"}");

        assertThat(cli.run("campaign", "create", "-f", file.toString(), "--yes"))
                .isZero();

        assertThat(cli.out.toString())
                .contains("campaign \"ecm 4.2\": 1 stage(s), targets 4 vehicles (model Sim-S 4; region EU 3, UK 1)\n"
                        + "warning: stage 1 (4 vehicles) cannot PASS: ...")
                .contains("created campaign " + ID + ": PENDING_APPROVAL");
        var preview = platform.requests.stream()
                .filter(r -> r.path().equals("/api/targeting/preview"))
                .findFirst()
                .orElseThrow();
        assertThat(OutputOption.mapper().readTree(preview.body()).path("query").asString())
                .isEqualTo("tag==pilot");
        var created = platform.requests.stream()
                .filter(r -> r.path().equals("/api/campaigns"))
                .findFirst()
                .orElseThrow();
        assertThat(OutputOption.mapper()
                        .readTree(created.body())
                        .path("bundle")
                        .path("images")
                        .get(0)
                        .path("version")
                        .asString())
                .isEqualTo("4.2.0");
    }

    @Test
    void reviewShowsTheApproverWhatEachStageCanProveOnTheFleetAsItIs() {
        platform.on("GET /api/campaigns/" + ID + "/review", 200, """
                {"targeted":1000,"smallestPassingStage":52,"stages":[
                  {"stage":1,"vehicles":10,"upperBoundWithNoFailure":0.2129,"canPass":false},
                  {"stage":2,"vehicles":990,"upperBoundWithNoFailure":0.0027,"canPass":true}],
                 "warnings":["stage 1 (10 vehicles) cannot PASS: ..."]}
                """);

        assertThat(cli.run("campaign", "review", ID)).isZero();

        assertThat(cli.out.toString().strip()).isEqualTo("""
                        targets 1000 vehicles now; a stage needs at least 52 to pass
                        stage 1: 10 vehicles, cannot pass (21.3 % upper bound with no failure)
                        stage 2: 990 vehicles, can pass (0.3 % upper bound with no failure)
                        warning: stage 1 (10 vehicles) cannot PASS: ...""");
    }

    @Test
    void createWithoutYesAndWithoutATerminalAsksForYesAndCreatesNothing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("campaign.yaml"),
                "name: x\ntarget: {type: query, query: \"tag==a\"}\nbundle: {}\nstages: [{}]\n");
        platform.on("POST /api/targeting/preview", 200, "{\"total\":0,\"byModel\":{},\"byRegion\":{}}");
        platform.on("POST /api/campaigns/review", 200, "{\"warnings\":[]}");

        assertThat(cli.run("campaign", "create", "-f", file.toString())).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err.toString()).contains("pass --yes");
        assertThat(platform.count("POST", "/api/campaigns")).isZero();
    }

    @Test
    void pushingTheSameBytesTwiceIsNotAnError(@TempDir Path dir) throws Exception {
        Path image = Files.write(dir.resolve("ecm.bin"), new byte[70_000]);
        String signed = "{\"targetPath\":\"ecm-fw/ecm-fw-4.2.0.bin\",\"role\":\"ci\",\"status\":\"SIGNED\"}";
        platform.on(
                "PUT /api/images/ecm-fw/4.2.0",
                new FakePlatform.Answer(201, signed),
                new FakePlatform.Answer(200, signed));
        String[] push = {
            "image",
            "push",
            image.toString(),
            "--name",
            "ecm-fw",
            "--version",
            "4.2.0",
            "--hardware-id",
            "hw-ecm",
            "--release-counter",
            "7"
        };

        assertThat(cli.run(push)).isZero();
        assertThat(cli.run(push)).isZero();

        assertThat(cli.out.toString())
                .contains("pushed ecm-fw 4.2.0 (70000 bytes, sha256 ")
                .contains("already pushed (same bytes, nothing changed): ecm-fw 4.2.0");
        FakePlatform.Request upload = platform.requests.getLast();
        assertThat(upload.body()).hasSize(70_000);
    }
}
