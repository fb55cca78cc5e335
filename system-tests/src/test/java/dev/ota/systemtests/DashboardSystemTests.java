package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard against the real platform: the vehicle page's audit entries, relayed from the real audit-service with
 * the auditor's token, are proven in the page (checkpoint signature and every inclusion proof, WebCrypto in headless
 * Chromium), and the releases view lists what the real signing-service released. The campaign-service browser tests
 * use stand-ins for both services; this is where their real bytes meet the page.
 */
class DashboardSystemTests {

    private static final Release IMAGE = new Release("st-dash-fw", "1.0.0", "hw-dash", 1, 4 * 1024);
    private static final Pattern PROVEN =
            Pattern.compile("(\\d+) of (\\d+) entries proven included in the signed log\\.");

    private static final OtaStory story = RunningPlatform.story();
    private static TestFleet fleet;
    private static ChromeDriver browser;

    @BeforeAll
    static void fleetReleaseAndBrowser() throws Exception {
        fleet = TestFleet.create("dashboard", 2);
        story.upload(IMAGE);
        assertThat(story.release(IMAGE).path("status").asString()).isEqualTo("RELEASED");
        // Debian's chromium and chromedriver, as the campaign-service browser tests use them
        String profile = "--user-data-dir=" + Files.createTempDirectory("chromium-profile");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                        .build(),
                new ChromeOptions()
                        .setBinary("/usr/bin/chromium")
                        .addArguments("--headless", "--no-sandbox", "--disable-dev-shm-usage", profile));
        browser.get("http://127.0.0.1:8082/dashboard/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys("audrey");
        browser.findElement(By.name("password")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("user"), "data-user", "audrey"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAuditorSeesEveryAuditEntryOfAVehicleProvenInThePageAgainstTheSignedCheckpoint() {
        String vin = fleet.vins().iterator().next();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2), Duration.ofSeconds(2));
        // the log appends the vehicle's registration and manifests as audit-service consumes them: look again until
        // some
        wait.until(driver -> {
            driver.get("http://127.0.0.1:8082/dashboard/#/vehicles/" + vin);
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(d -> PROVEN.matcher(
                                    d.findElement(By.id("audit-summary")).getText())
                            .matches());
            Matcher proven =
                    PROVEN.matcher(driver.findElement(By.id("audit-summary")).getText());
            return proven.matches() && Integer.parseInt(proven.group(2)) > 0;
        });
        Matcher proven =
                PROVEN.matcher(browser.findElement(By.id("audit-summary")).getText());
        assertThat(proven.matches()).isTrue();
        assertThat(proven.group(1)).as("every entry proven").isEqualTo(proven.group(2));
        assertThat(browser.findElement(By.id("audit-checkpoint")).getText())
                .startsWith("Checkpoint signature verified: audit.ota.dev/log, tree size ");
        assertThat(browser.findElements(By.cssSelector("#audit-entries tr[data-included='false']")))
                .isEmpty();
    }

    /** A vehicle's garbage, refused at the gateway, shows in the refusals view read from the real audit log. */
    @Test
    void theRefusalsViewShowsWhatTheGatewayRefusedAVehicleUnderItsCertificate() throws Exception {
        String vin = CertifiedMqttClient.randomVin("DSH");
        Mqtt5BlockingClient vehicle = CertifiedMqttClient.build(vin, CertifiedMqttClient.provision(vin));
        vehicle.connect();
        try {
            vehicle.publishWith()
                    .topic("ota/v1/" + vin + "/status")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .send();
        } finally {
            vehicle.disconnect();
        }
        By sender = By.cssSelector("#refusals-by-sender tr[data-sender='" + vin + "']");
        Pattern counted = Pattern.compile("^\\d+ refusals? of \\d+ senders? in the last 24 h");
        // the gateway audits the refusal and audit-service appends it within seconds: load the view until it shows it
        new WebDriverWait(browser, Duration.ofMinutes(1), Duration.ofSeconds(3)).until(driver -> {
            driver.get("http://127.0.0.1:8082/dashboard/#/refusals");
            driver.navigate().refresh();
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .until(ExpectedConditions.textMatches(By.id("refusals-summary"), counted));
            return !driver.findElements(sender).isEmpty();
        });
        assertThat(browser.findElement(sender).getText()).isEqualTo(vin + " 1");
        assertThat(browser.findElement(By.cssSelector("#refusals-by-reason tr[data-reason='MALFORMED']"))
                        .getText())
                .matches("MALFORMED [1-9][0-9]*");
    }

    @Test
    void theReleasesViewListsTheReleasedImageWithItsUploader() {
        browser.get("http://127.0.0.1:8082/dashboard/#/releases");
        By row = By.cssSelector("#releases tr[data-image='" + IMAGE.imageName() + " " + IMAGE.version() + "']");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("released", "hw-dash", "ci and release");
    }
}
