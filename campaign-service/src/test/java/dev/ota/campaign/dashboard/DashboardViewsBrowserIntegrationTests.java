package dev.ota.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.campaign.Api;
import dev.ota.campaign.CampaignRequests;
import dev.ota.campaign.Fleet;
import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.infra.FreePorts;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard's views in one real headless Chromium, signed in through the real authorization server as the person
 * each step needs (the browser's cookies are cleared between people): campaign creation with the target's live count,
 * the approval screen with the stored definition, self-approval refused visibly, approval by another person, the
 * health charts per cohort, the fleet search with its count, a vehicle's page, and the server refusing every action to
 * a person without the role. Screenshots go to {@code target/dashboard-screenshots/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@WithRealInfrastructure(database = "campaign")
class DashboardViewsBrowserIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PORT = FreePorts.pick();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static AuthorizationServerProcess authServer;
    private static AuditLogStandIn auditLog;
    private static SigningServiceStandIn signingService;
    private static ChromeDriver browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        authServer = AuthorizationServerProcess.startFor(registry, PORT);
        auditLog = AuditLogStandIn.start();
        registry.add("ota.campaign.dashboard.audit-url", auditLog::url);
        signingService = SigningServiceStandIn.start();
        registry.add("ota.campaign.dashboard.signing-url", signingService::url);
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (authServer != null) {
            authServer.close();
        }
        if (auditLog != null) {
            auditLog.close();
        }
        if (signingService != null) {
            signingService.close();
        }
    }

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, WAIT);
    }

    /** Signs in as {@code user} in a browser that forgot every earlier person (both the dashboard and the issuer). */
    private static void signInAs(String user) {
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        HeadlessChromium.signIn(browser, waiting(), BASE, user);
    }

    private static void go(String hash) {
        browser.get(BASE + "/dashboard/" + hash);
        waiting().until(driver -> !driver.findElement(By.id("user")).getText().isEmpty());
    }

    private static String textOf(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static void click(By locator) {
        HeadlessChromium.clickWhenClickable(waiting(), locator);
    }

    private static void act(String action, String reason) {
        HeadlessChromium.confirmAction(browser, waiting(), action, reason);
    }

    private static void screenshot(String name) throws Exception {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /** What the server answers the signed-in person for a dashboard call, sent by the page with its CSRF token. */
    private static long statusOf(String method, String path, String body) {
        Object status = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/dashboard/api/me').then((r) => r.json()).then((me) =>
                  fetch('/dashboard/api' + arguments[1], {method: arguments[0],
                    headers: {'Content-Type': 'application/json', [me.csrfHeader]: me.csrfToken},
                    body: arguments[0] === 'GET' ? undefined : arguments[2]}))
                  .then((r) => done(r.status), (e) => done(-1));
                """, method, path, body);
        return (Long) status;
    }

    @Test
    void aReleaseEngineerCreatesACampaignSeeingTheTargetCountAndAnotherPersonApprovesWhatWasStored() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned next = fleetOnReleaseWithANextOne(fleet, "3.0", 6, List.of("ID.4", "ID.3"), List.of("EU"));
        ImageSigned gateway = fleet.sign("gateway-fw", "9.0-" + fleet.tag(), Fleet.GATEWAY, 9);

        signInAs("alice");
        go("#/new");
        WebDriverWait wait = waiting();
        String name = "brake " + next.version() + " from the form";
        type("f-name", name);
        type("f-description", "fixes the brake pressure warning");
        wait.until(driver ->
                !new Select(driver.findElement(By.id("f-image"))).getOptions().isEmpty());
        new Select(browser.findElement(By.id("f-image")))
                .selectByVisibleText(next.imageName() + " " + next.version() + " (release 42)");
        click(By.id("f-add-image"));
        new Select(browser.findElement(By.id("f-image-2")))
                .selectByVisibleText(gateway.imageName() + " " + gateway.version() + " (release 9)");
        assertThat(new Select(browser.findElement(By.id("f-hardware-2")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo(Fleet.GATEWAY);
        type("f-rxswin", "R79-BRK-" + next.version());
        type("f-query", "tag==" + fleet.tag() + ";model==ID.4");
        wait.until(ExpectedConditions.textToBe(By.id("f-query-count"), "3 vehicles match"));
        type("f-query", "tag==" + fleet.tag());
        wait.until(ExpectedConditions.textToBe(By.id("f-query-count"), "6 vehicles match"));
        type("f-stages", "2 vehicles, 50, 100");
        type("f-max-failure", "2.5");
        // 2.5 % at 95 % cannot be shown on fewer than 106 cars: the form says so before anything is created
        wait.until(ExpectedConditions.textMatches(
                By.id("f-stage-review"), java.util.regex.Pattern.compile("^stage 1 \\(2 vehicles\\) cannot PASS")));
        assertThat(browser.findElements(By.cssSelector("#f-stage-review li"))).hasSize(3);
        assertThat(textOf("#f-stage-review")).contains("a stage needs at least 106");
        new Select(browser.findElement(By.id("f-rollback"))).selectByValue("ROLLBACK_COHORT");
        screenshot("campaign-form");
        click(By.id("create-campaign"));

        wait.until(ExpectedConditions.textToBe(By.id("state"), "PENDING_APPROVAL"));
        String id = browser.getCurrentUrl().replaceAll(".*#/campaigns/", "");
        assertThat(textOf("#campaign-name")).isEqualTo(name);

        // alice may approve (she holds APPROVER), but she created it: the server refuses, and the page says so
        assertThat(textOf("#self-approval-note")).contains("You created this campaign");
        act("approve", "looks fine to me");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        assertThat(textOf("#problem-title")).isEqualTo("Approval needs a second person");
        assertThat(textOf("#problem-status")).isEqualTo("(403)");
        assertThat(textOf("#problem-detail")).contains("alice");
        assertThat(textOf("#problem-type")).endsWith("/problems/four-eyes");
        assertThat(textOf("#state")).isEqualTo("PENDING_APPROVAL");
        screenshot("self-approval-refused");

        signInAs("aaron");
        go("#/campaigns/" + id);
        wait.until(ExpectedConditions.textToBe(By.id("state"), "PENDING_APPROVAL"));
        assertThat(textOf("#review-heading")).isEqualTo("Review before approving");
        assertThat(browser.findElement(By.id("self-approval-note")).isDisplayed())
                .isFalse();
        assertThat(textOf("dd[data-term='Target']")).isEqualTo("query tag==" + fleet.tag());
        assertThat(textOf("dd[data-term='Bundle']"))
                .isEqualTo(Fleet.BRAKE + " ← " + next.imageName() + " " + next.version() + "; " + Fleet.GATEWAY + " ← "
                        + gateway.imageName() + " " + gateway.version());
        assertThat(textOf("dd[data-term='Stages']")).startsWith("1: 2 vehicles").contains("2: 50 %", "3: 100 %");
        assertThat(textOf("dd[data-term='Health criteria']")).startsWith("failure rate at most 2.5 %");
        assertThat(textOf("dd[data-term='On a failing verdict']")).isEqualTo("ROLLBACK_COHORT");
        assertThat(textOf("#review-note")).contains("alice");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stage-review")));
        assertThat(textOf("#stage-review"))
                .as("the approver sees that no stage can pass before approving")
                .startsWith("stage 1 (2 vehicles) cannot PASS")
                .contains("stage 3 (1 vehicle) cannot PASS");
        screenshot("approval-screen");
        act("approve", "release notes and target reviewed");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "APPROVED"));
        wait.until(ExpectedConditions.textToBe(By.id("approved-by"), "aaron"));
        assertThat(browser.findElement(By.id("problem")).isDisplayed()).isFalse();
    }

    @Test
    void theHealthOfEachCohortIsAChartWithAxesThresholdAndLegendAndFleetOpsHoldTheCampaign() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned next = fleetOnReleaseWithANextOne(fleet, "3.1", 4, List.of("ID.4"), List.of("EU"));
        UUID id = runningCampaign(fleet, next);
        Instant now = Instant.now();
        verdict(id, "all", VerdictOutcome.INSUFFICIENT_DATA, 1, 0, 0.79, now.minusSeconds(60));
        verdict(id, "all", VerdictOutcome.PASS, 2, 0, 0.04, now.minusSeconds(30));
        verdict(id, "hw:" + Fleet.BRAKE, VerdictOutcome.PASS, 2, 0, 0.04, now.minusSeconds(30));
        verdict(id, "model:ID.4", VerdictOutcome.INSUFFICIENT_DATA, 2, 1, 0.32, now);

        signInAs("olga");
        go("#/campaigns/" + id);
        WebDriverWait wait = waiting();
        wait.until(driver ->
                driver.findElements(By.cssSelector("figure.health-chart")).size() == 3);
        List<String> captions = browser.findElements(By.cssSelector("figure.health-chart figcaption")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(captions)
                .containsExactly(
                        "whole stage — last verdict PASS (stage 1, 0 of 2 failed)",
                        "hardware id " + Fleet.BRAKE + " — last verdict PASS (stage 1, 0 of 2 failed)",
                        "model ID.4 — last verdict INSUFFICIENT_DATA (stage 1, 1 of 2 failed)");
        WebElement model = browser.findElement(By.cssSelector("figure[data-cohort='model:ID.4']"));
        assertThat(model.findElements(By.cssSelector(".y-axis text")).stream().map(WebElement::getText))
                .contains("failure rate, upper bound (%)", "0.0 %");
        assertThat(model.findElement(By.cssSelector(".x-axis .axis-label")).getText())
                .isEqualTo("time of verdict (local time)");
        assertThat(model.findElements(By.cssSelector("polyline.threshold"))).hasSize(1);
        assertThat(model.findElements(By.cssSelector("circle[data-outcome='INSUFFICIENT_DATA']")))
                .hasSize(1);
        assertThat(model.findElement(By.cssSelector(".legend")).getText())
                .contains(
                        "failure-rate upper bound",
                        "threshold (highest allowed failure rate)",
                        "verdict FAIL",
                        "too few samples");
        screenshot("health-per-cohort");

        act("hold", "model ID.4 cohort looks bad");
        wait.until(ExpectedConditions.textToBe(By.id("state"), "PAUSED"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("transitions"), "PAUSE by olga → PAUSED (model ID.4 cohort looks bad)"));
    }

    @Test
    void fleetOpsFindVehiclesWithTheTargetingLanguageSeeTheCountAndOpenAVehiclesPage() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned next = fleetOnReleaseWithANextOne(fleet, "3.2", 5, List.of("ID.4", "ID.3"), List.of("EU", "CN"));
        UUID id = runningCampaign(fleet, next);

        signInAs("olga");
        go("#/fleet");
        WebDriverWait wait = waiting();
        type("fleet-query", "tag==" + fleet.tag() + ";model==ID.4");
        wait.until(ExpectedConditions.textToBe(By.id("fleet-count"), "3 vehicles match"));
        assertThat(browser.findElements(By.cssSelector("#fleet-results tbody tr")))
                .hasSize(3);
        type("fleet-query", "tag==" + fleet.tag() + ";model=");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fleet-count"), "Not a valid query"));
        type("fleet-query", "tag==" + fleet.tag());
        wait.until(ExpectedConditions.textToBe(By.id("fleet-count"), "5 vehicles match"));
        assertThat(textOf("#fleet-breakdown")).contains("ID.3 2", "ID.4 3");
        screenshot("fleet-search");

        String vin = fleet.vin(0);
        click(By.linkText(vin));
        wait.until(ExpectedConditions.textToBe(By.id("vehicle-vin"), vin));
        wait.until(driver ->
                driver.findElements(By.cssSelector("#vehicle-ecus tbody tr")).size() == 2);
        String brake = textOf("#vehicle-ecus tr[data-ecu='BRK-" + vin + "']");
        assertThat(brake).contains(Fleet.BRAKE, "brake-ctrl", "3.2.0-" + fleet.tag(), "41");
        wait.until(driver -> !driver.findElements(
                        By.cssSelector("#vehicle-history tbody tr[data-campaign-id='" + id + "']"))
                .isEmpty());
        assertThat(textOf("#vehicle-history tr[data-campaign-id='" + id + "']")).contains("RUNNING");
        assertThat(textOf("#vehicle-pending")).contains("brake " + next.version());
        assertThat(textOf("#audit-checkpoint"))
                .isEqualTo("Audit entries need the AUDITOR or ADMIN role (audit-service checks it).");
        screenshot("vehicle-page");
    }

    @Test
    void anAuditorSeesWhatThePlatformRefusedTheVehiclesByReasonAndSenderAndOthersAreToldTheyMayNot() throws Exception {
        signInAs("audrey");
        go("#/refusals");
        WebDriverWait wait = waiting();
        wait.until(ExpectedConditions.textToBe(
                By.id("refusals-summary"), "7 refusals of 2 senders in the last 24 h, in 3 audit entries."));
        assertThat(textOf("#refusals-by-reason tr[data-reason='MALFORMED']")).isEqualTo("MALFORMED 5");
        assertThat(textOf("#refusals-by-sender tbody tr:first-child")).isEqualTo(AuditLogStandIn.REFUSING_VIN + " 6");
        assertThat(browser.findElement(By.cssSelector("#refusals-by-sender tbody tr:first-child a"))
                        .getAttribute("href"))
                .endsWith("#/vehicles/" + AuditLogStandIn.REFUSING_VIN);
        assertThat(textOf("#refusals-latest tbody tr:first-child"))
                .as("latest first")
                .contains(AuditLogStandIn.REVOKED_VIN, "BROKER_REVOKED", "(connection)");
        assertThat(textOf("#refusals-latest tr[data-index='12']")).contains("and 4 more not logged one by one");
        screenshot("refusals");

        signInAs("alice");
        go("#/refusals");
        wait.until(ExpectedConditions.textToBe(
                By.id("refusals-summary"), "Refusals need the AUDITOR or ADMIN role (audit-service checks it)."));
        assertThat(browser.findElements(By.cssSelector("#refusals-latest tbody tr")))
                .isEmpty();
    }

    @Test
    void anAuditorSeesAVehiclesAuditEntriesProvenInThePageAndATamperedProofOrAForgedCheckpointFailing()
            throws Exception {
        Fleet fleet = new Fleet(registry, images);
        fleetOnReleaseWithANextOne(fleet, "3.4", 3, List.of("ID.4"), List.of("EU"));
        String honest = fleet.vin(0);
        String tampered = fleet.vin(1);
        String forged = fleet.vin(2);
        auditLog.serve(tampered, AuditLogStandIn.Served.PROOF_TAMPERED);
        auditLog.serve(forged, AuditLogStandIn.Served.SIGNATURE_FORGED);

        signInAs("audrey");
        go("#/vehicles/" + honest);
        WebDriverWait wait = waiting();
        wait.until(ExpectedConditions.textToBe(
                By.id("audit-summary"), "2 of 2 entries proven included in the signed log."));
        assertThat(textOf("#audit-checkpoint"))
                .isEqualTo(
                        "Checkpoint signature verified: audit.test/log, tree size 7, signed at 2026-12-07T10:00:00Z.");
        assertThat(browser.findElements(By.cssSelector("#audit-entries tr[data-included='true']")))
                .hasSize(2);
        assertThat(textOf("#audit-key")).startsWith("Audit log key: audit.test/log+");
        Map<?, ?> relayed = claims(auditLog.tokens().getLast());
        assertThat(relayed.get("sub")).as("the person's own token is relayed").isEqualTo("audrey");
        assertThat(String.valueOf(relayed.get("aud"))).contains("audit-service");
        screenshot("vehicle-audit-verified");

        go("#/vehicles/" + tampered);
        wait.until(ExpectedConditions.textToBe(
                By.id("audit-summary"), "1 of 2 entries proven included in the signed log; 1 FAILED."));
        assertThat(textOf("#audit-entries tr[data-index='5']"))
                .contains("FAILED: its inclusion proof does not lead to the signed root of size 7");
        assertThat(textOf("#audit-entries tr[data-index='2']")).endsWith("verified");
        assertThat(browser.findElement(By.id("audit-checkpoint")).getAttribute("data-verified"))
                .isEqualTo("true");
        screenshot("vehicle-audit-tampered-proof");

        go("#/vehicles/" + forged);
        wait.until(ExpectedConditions.textToBe(
                By.id("audit-summary"), "0 of 2 entries proven included in the signed log; 2 FAILED."));
        assertThat(textOf("#audit-checkpoint"))
                .startsWith("Checkpoint NOT verified: the checkpoint signature does not verify with audit.test/log+");
        screenshot("vehicle-audit-forged-checkpoint");
    }

    @Test
    void aPersonWithoutTheRolesSeesNoActionsAndTheServerRefusesEveryActionTheViewsOffer() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned next = fleetOnReleaseWithANextOne(fleet, "3.3", 2, List.of("ID.4"), List.of("EU"));
        UUID id = runningCampaign(fleet, next);

        signInAs("audrey");
        go("#/campaigns/" + id);
        waiting().until(ExpectedConditions.textToBe(By.id("state"), "RUNNING"));
        assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
        assertThat(textOf("#no-actions")).isEqualTo("Your roles (AUDITOR) allow no action on a RUNNING campaign.");
        assertThat(browser.findElement(By.id("nav-new")).isDisplayed()).isFalse();
        go("#/fleet");
        assertThat(browser.findElement(By.id("fleet-query")).isEnabled()).isFalse();

        String body = "{\"reason\":\"not mine to decide\"}";
        for (String action : List.of("submit", "approve", "reject", "start", "hold", "resume", "abort", "advance")) {
            assertThat(statusOf("POST", "/campaigns/" + id + "/" + action, body))
                    .as(action)
                    .isEqualTo(403);
        }
        String campaign = new tools.jackson.databind.json.JsonMapper()
                .writeValueAsString(CampaignRequests.brakeUpdate(fleet.tag(), next.imageName(), next.version(), 100));
        assertThat(statusOf("POST", "/campaigns", campaign)).isEqualTo(403);
        assertThat(statusOf("GET", "/images", "")).isEqualTo(403);
        assertThat(statusOf("POST", "/targeting/preview", "{\"type\":\"query\",\"query\":\"model==ID.4\"}"))
                .isEqualTo(403);
        assertThat(statusOf("POST", "/fleet/search", "{\"query\":\"model==ID.4\"}"))
                .isEqualTo(403);
        assertThat(statusOf("GET", "/vehicles/" + fleet.vin(0), ""))
                .as("auditors read vehicles")
                .isEqualTo(200);

        signInAs("rita");
        go("#/campaigns/" + id);
        waiting().until(ExpectedConditions.textToBe(By.id("state"), "RUNNING"));
        assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
        assertThat(statusOf("POST", "/campaigns/" + id + "/hold", body)).isEqualTo(403);
        assertThat(statusOf("POST", "/campaigns/" + id + "/approve", body)).isEqualTo(403);
        assertThat(statusOf("GET", "/audit/checkpoint-key", "")).isEqualTo(403);
        assertThat(statusOf("GET", "/audit/vehicles/" + fleet.vin(0) + "/bundle", ""))
                .isEqualTo(403);
    }

    /** The claims of a JWT, as the service it was relayed to would read them. */
    private static Map<?, ?> claims(String jwt) {
        return new tools.jackson.databind.json.JsonMapper()
                .readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
    }

    @Test
    void theReleasesViewShowsEachImagesRoleAndWhoSignedItWithWhichKeyFromTheImageRepository() throws Exception {
        signInAs("olga");
        go("#/releases");
        WebDriverWait wait = waiting();
        wait.until(ExpectedConditions.textToBe(By.id("releases-count"), "4 of 4 images"));
        assertThat(textOf("#releases tr[data-image='cockpit 1.0']"))
                .contains("released, re-released as 1.0-rerelease.50", "ci-pipeline", "ci and release");
        assertThat(textOf("#releases tr[data-image='cockpit 1.0-rerelease.50']"))
                .contains("staged, re-release of cockpit/cockpit-1.0.bin", "rita", "50");
        assertThat(textOf("#releases tr[data-image='cockpit 1.1']")).contains("revoked");
        assertThat(textOf("#releases tr[data-image='cockpit 1.2']")).contains("staged", "acme-ci", "supplier-acme");
        assertThat(textOf("#releases tr[data-image='cockpit 1.0'] ul.signatures"))
                .contains(
                        "ci-pipeline (staged into ci, key c1c1c1c1c1c1…, 2026-03-02 09:00 UTC)",
                        "rita (released into release, key 7e7e7e7e7e7e…, 2026-03-02 10:15 UTC)",
                        "signing-service (released into release, key c1c1c1c1c1c1…");
        assertThat(browser.findElements(By.cssSelector("#releases tr[data-image='cockpit 1.0'] li[data-key-id='"
                        + SigningServiceStandIn.RITA_KEY + "']")))
                .as("the whole key id is kept on the entry")
                .hasSize(1);
        Map<?, ?> relayed = claims(signingService.tokens().getLast());
        assertThat(relayed.get("sub")).as("the person's own token is relayed").isEqualTo("olga");
        assertThat(String.valueOf(relayed.get("aud"))).contains("signing-service");
        type("releases-filter", "nothing-like-it");
        wait.until(ExpectedConditions.textToBe(By.id("releases-count"), "0 of 4 images"));
        type("releases-filter", "cock");
        wait.until(ExpectedConditions.textToBe(By.id("releases-count"), "4 of 4 images"));
        screenshot("releases");
    }

    /** A new test fleet of {@code count} vehicles on release 41 of a brake image; answers release 42, signed too. */
    private ImageSigned fleetOnReleaseWithANextOne(
            Fleet fleet, String version, int count, List<String> models, List<String> regions) {
        ImageSigned current = fleet.sign("brake-ctrl", version + ".0-" + fleet.tag(), Fleet.BRAKE, 41);
        fleet.vehicles(0, count, models, regions, current);
        return fleet.sign("brake-ctrl", version + ".1-" + fleet.tag(), Fleet.BRAKE, 42);
    }

    /** A campaign over the fleet's tag, created, approved and started through the bearer API. */
    private UUID runningCampaign(Fleet fleet, ImageSigned next) {
        Api api = new Api(PORT);
        String id = api.post(
                        "rita",
                        "RELEASE_ENGINEER",
                        "/api/campaigns",
                        CampaignRequests.brakeUpdate(fleet.tag(), next.imageName(), next.version(), 100))
                .text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"));
        return UUID.fromString(id);
    }

    private static void verdict(
            UUID campaign,
            String cohort,
            VerdictOutcome outcome,
            long samples,
            long failures,
            double bound,
            Instant at) {
        KafkaTestClient.send(new StageVerdict(
                UUID.randomUUID(), at, campaign, 1, cohort, outcome, samples, failures, bound, 0.05, "wilson-95"));
    }
}
