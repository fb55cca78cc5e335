package dev.ota.campaign.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by its chromedriver, with a fresh profile, for the dashboard's browser tests. */
final class HeadlessChromium {

    private HeadlessChromium() {}

    static ChromeDriver start() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1600",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Opens the dashboard, signs in on the authorization server's login form and waits for the page to know who. */
    static void signIn(WebDriver browser, WebDriverWait wait, String dashboard, String user) {
        browser.get(dashboard + "/dashboard/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("user"), "data-user", user));
    }

    /**
     * Finds and clicks in one step, again if the live updates re-rendered the element in between (a stale element is
     * what a person would never notice: they click the one that is there now).
     */
    static void clickWhenClickable(WebDriverWait wait, By locator) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement element =
                    ExpectedConditions.elementToBeClickable(locator).apply(driver);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Presses a campaign action's button, gives the reason in the confirmation dialog and confirms. */
    static void confirmAction(WebDriver browser, WebDriverWait wait, String action, String reason) {
        clickWhenClickable(wait, By.cssSelector("button[data-action='" + action + "']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-reason")))
                .sendKeys(reason);
        browser.findElement(By.id("confirm-ok")).click();
    }
}
