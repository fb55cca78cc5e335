package dev.ota.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.Api;
import dev.ota.campaign.CampaignRequests;
import dev.ota.campaign.Fleet;
import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.infra.FreePorts;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end in a real headless Chromium: people sign in through the real authorization server, a second person
 * approves, fleet operations start the campaign, watch the stage progress live, and hold it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@WithRealInfrastructure(database = "campaign")
class DashboardBrowserIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PORT = FreePorts.pick();
    private static final String BASE = "http://127.0.0.1:" + PORT;
    private static AuthorizationServerProcess authServer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        authServer = AuthorizationServerProcess.startFor(registry, PORT);
    }

    @AfterAll
    static void stopAuthServer() {
        if (authServer != null) {
            authServer.close();
        }
    }

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Autowired
    JdbcClient jdbc;

    private static WebDriver browser() throws Exception {
        return HeadlessChromium.start();
    }

    private static WebDriverWait waitIn(WebDriver browser) {
        return new WebDriverWait(browser, WAIT);
    }

    private static void signIn(WebDriver browser, String user) {
        browser.get(BASE + "/dashboard/");
        waitIn(browser).until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        assertThat(browser.getCurrentUrl()).startsWith(authServer.issuer());
        HeadlessChromium.signIn(browser, waitIn(browser), BASE, user);
    }

    private static void clickWhenClickable(WebDriver browser, By locator) {
        HeadlessChromium.clickWhenClickable(waitIn(browser), locator);
    }

    private static void openCampaign(WebDriver browser, UUID id) {
        WebDriverWait wait = waitIn(browser);
        By row = By.cssSelector("tr[data-campaign-id='" + id + "']");
        clickWhenClickable(browser, row);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-view")));
    }

    private static void act(WebDriver browser, String action, String reason, String expectedState) {
        HeadlessChromium.confirmAction(browser, waitIn(browser), action, reason);
        waitIn(browser).until(ExpectedConditions.textToBe(By.id("state"), expectedState));
    }

    private static String cellText(WebDriver browser, int stage, String status) {
        return browser.findElement(By.cssSelector("tr[data-stage='" + stage + "'] td[data-status='" + status + "']"))
                .getText();
    }

    @Test
    void approverApprovesInTheBrowserAndFleetOpsStartsWatchesTheStageProgressLiveAndHoldsIt() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        ImageSigned next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.vehicles(0, 20, List.of("ID.4", "ID.3"), List.of("EU"), current);
        Api api = new Api(PORT);
        UUID id = UUID.fromString(api.post(
                        "rita",
                        "RELEASE_ENGINEER",
                        "/api/campaigns",
                        CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 10, 100))
                .text("id"));
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");

        WebDriver approver = browser();
        try {
            signIn(approver, "aaron");
            openCampaign(approver, id);
            assertThat(approver.findElement(By.id("state")).getText()).isEqualTo("PENDING_APPROVAL");
            assertThat(approver.findElements(By.cssSelector("button[data-action='start']")))
                    .as("an approver cannot start")
                    .isEmpty();

            act(approver, "approve", "reviewed release notes", "APPROVED");

            waitIn(approver).until(ExpectedConditions.textToBe(By.id("approved-by"), "aaron"));
        } finally {
            approver.quit();
        }

        WebDriver operator = browser();
        try {
            signIn(operator, "olga");
            openCampaign(operator, id);
            act(operator, "start", "window agreed with dealers", "RUNNING");
            WebDriverWait wait = waitIn(operator);
            wait.until(driver -> cellText(driver, 1, "ASSIGNED").equals("2"));
            assertThat(cellText(operator, 2, "PENDING")).isEqualTo("18");

            List<String> assigned = jdbc.sql(
                            "select vin || ' ' || assignment_id from campaign_vehicle where campaign_id = :c and stage = 1")
                    .param("c", id)
                    .query(String.class)
                    .list();
            succeeded(assigned.getFirst(), next, fleet);

            wait.until(driver -> cellText(driver, 1, "SUCCEEDED").equals("1"));
            assertThat(cellText(operator, 1, "ASSIGNED")).isEqualTo("1");

            act(operator, "hold", "dealer reports a warning lamp", "PAUSED");

            wait.until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("transitions"), "PAUSE by olga → PAUSED (dealer reports a warning lamp)"));
            assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id).text("state"))
                    .isEqualTo("PAUSED");
        } finally {
            operator.quit();
        }
    }

    /**
     * The last stage's verdict has passed while some vehicles still install: the stage has not passed, the campaign is
     * still RUNNING, and the dashboard says how many vehicles it waits for, counting down as they finish, until it
     * shows COMPLETED.
     */
    @Test
    void afterTheLastStagesVerdictPassedTheDashboardSaysHowManyVehiclesTheStageStillWaitsFor() throws Exception {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        ImageSigned next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        Api api = new Api(PORT);
        String id = api.post(
                        "rita",
                        "RELEASE_ENGINEER",
                        "/api/campaigns",
                        CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100))
                .text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"));
        List<String> assigned = awaitAssignments(UUID.fromString(id), 3);

        WebDriver operator = browser();
        try {
            signIn(operator, "olga");
            openCampaign(operator, UUID.fromString(id));
            WebDriverWait wait = waitIn(operator);
            wait.until(driver -> cellText(driver, 1, "ASSIGNED").equals("3"));
            assertThat(operator.findElement(By.id("finishing")).isDisplayed())
                    .as("no note while the stage has not passed")
                    .isFalse();

            succeeded(assigned.get(0), next, fleet);
            KafkaTestClient.send(new StageVerdict(
                    UUID.randomUUID(),
                    Instant.now(),
                    UUID.fromString(id),
                    1,
                    "all",
                    VerdictOutcome.PASS,
                    20,
                    0,
                    0.01,
                    0.05,
                    "wilson-95"));

            wait.until(ExpectedConditions.textToBe(
                    By.id("finishing"),
                    "Stage 1 passed its health verdict; it closes when the last 2 vehicles finish or time out."));
            assertThat(operator.findElement(By.id("state")).getText()).isEqualTo("RUNNING");

            succeeded(assigned.get(1), next, fleet);
            wait.until(ExpectedConditions.textToBe(
                    By.id("finishing"),
                    "Stage 1 passed its health verdict; it closes when the last 1 vehicle finish or time out."));

            succeeded(assigned.get(2), next, fleet);
            wait.until(ExpectedConditions.textToBe(By.id("state"), "COMPLETED"));
            assertThat(operator.findElement(By.id("finishing")).isDisplayed()).isFalse();
        } finally {
            operator.quit();
        }
    }

    /** The campaign's assignments as "VIN assignment-id", once the campaign has made {@code count} of them. */
    private List<String> awaitAssignments(UUID campaign, int count) {
        await().atMost(WAIT)
                .until(() ->
                        jdbc.sql("""
                                        select count(*) from campaign_vehicle
                                        where campaign_id = :c and assignment_id is not null
                                        """).param("c", campaign).query(Long.class).single() == count);
        return jdbc.sql("""
                        select vin || ' ' || assignment_id from campaign_vehicle
                        where campaign_id = :c order by vin
                        """).param("c", campaign).query(String.class).list();
    }

    /** The vehicle reports success and its signed manifest shows the new image: it counts as SUCCEEDED. */
    private static void succeeded(String vinAndAssignment, ImageSigned installed, Fleet fleet) {
        String[] parts = vinAndAssignment.split(" ");
        KafkaTestClient.send(new UpdateProgress(
                UUID.randomUUID(),
                Instant.now(),
                parts[0],
                UUID.fromString(parts[1]),
                null,
                InstallPhase.SUCCEEDED,
                null));
        fleet.report(parts[0], installed, 52.5, 13.4);
    }

    @Test
    void dashboardWithoutASignedInPersonRedirectsToTheAuthorizationServer() throws Exception {
        WebDriver browser = browser();
        try {
            browser.get(BASE + "/dashboard/");
            waitIn(browser).until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
            assertThat(browser.getCurrentUrl()).startsWith(authServer.issuer() + "/login");
        } finally {
            browser.quit();
        }
    }
}
