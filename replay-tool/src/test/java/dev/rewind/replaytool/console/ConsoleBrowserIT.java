package dev.rewind.replaytool.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.access.AccessTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (headless Debian chromium) against the real demo stack: load
 * it, see the components, change a route, start a replay of a cohort (dry run first), watch it
 * complete and find the replay in the history of an event it reprocessed. No API response is
 * faked. Screenshots land in target/console-screenshots and, with
 * {@code -Drewind.console.screenshots=../docs}, in the README's folder.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final String COHORT = "customer:acme";
    private static final DateTimeFormatter LOCAL_INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
            .withZone(ZoneOffset.UTC);

    private static ConsoleStack stack;
    private static HeadlessChromium browser;
    private static WebDriver driver;
    private static String replayId;

    @BeforeAll
    static void startStackAndBrowser(KafkaCluster cluster) throws Exception {
        // the browser first: when chromium is missing the test fails at once with the install command
        browser = HeadlessChromium.start(HeadlessChromium.screenshotDirs("rewind.console.screenshots"));
        driver = browser.driver();
        stack = ConsoleStack.start(cluster, Files.createTempDirectory("console-it-state"), 20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theRootAddressOpensTheConsoleWithEveryVersionAndItsInstances() {
        driver.get(stack.serviceUrl() + "/");
        assertThat(driver.getCurrentUrl()).startsWith(stack.consoleUrl());
        WebElement section = eventually(() -> driver.findElement(
                By.cssSelector("[data-component='" + ConsoleStack.COMPONENT + "']")));
        eventually(() -> {
            WebElement table = driver.findElement(By.cssSelector("[data-component='" + ConsoleStack.COMPONENT
                    + "'] [data-test=versions-table]"));
            assertThat(table.getText()).contains("v1", "v2", "release-coordinator.v1", "release-coordinator.v2");
            return table;
        });
        assertThat(section.findElements(By.cssSelector("[data-test=error-rate-chart]"))).hasSize(1);
    }

    @Test
    @Order(2)
    void aRouteChangeIsPublishedWithItsReasonAndShownInTheAuditTrail() {
        show("#/routes");
        WebElement routes = eventually(() -> driver.findElement(By.cssSelector("[data-test=routes-table]")));
        assertThat(routes.getText()).contains("default", "stable");
        type("route-selector", "project:console-demo");
        new Select(byTest("route-kind")).selectByValue("version");
        type("route-target", "v2");
        type("route-reason", "try the fix on the console's own project");
        byTest("route-save").click();
        eventuallyAsserted(() -> assertThat(byTest("route-status").getText()).contains("project:console-demo", "Effective from"));
        eventuallyAsserted(() -> assertThat(byTest("audit-table").getText()).contains("try the fix on the console's own project"));
        browser.screenshot("console-routes");
    }

    @Test
    @Order(3)
    void anInvalidReplayIsRefusedWithTheServicesSentenceNotAStackTrace() {
        show("#/replays");
        fillReplay(Instant.now().plus(Duration.ofHours(1)), "should be refused");
        byTest("replay-dry-run").click();
        WebElement error = eventually(() -> driver.findElement(By.cssSelector("[data-test=replay-start-status] .msg.error")));
        assertThat(error.getText()).contains("(422)").doesNotContain("Exception", "\tat ", "dev.rewind.");
    }

    @Test
    @Order(4)
    void aReplayOfACohortRunsDryFirstThenForRealAndCompletes() {
        show("#/replays");
        // the form takes whole minutes: the window starts at the first one after events began to flow
        Instant from = stack.readyAt().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        fillReplay(from, "flaky-test bug fixed in v2");
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(from.plus(Duration.ofSeconds(20))));
        byTest("replay-dry-run").click();
        WebElement dryRun = eventually(() -> {
            WebElement view = driver.findElement(By.cssSelector("[data-test=dry-run] [data-test=replay-view]"));
            assertThat(view.getAttribute("data-state")).isIn("completed", "failed", "cancelled");
            return view;
        });
        assertThat(dryRun.getAttribute("data-state")).isEqualTo("completed");
        assertThat(dryRun.findElement(By.cssSelector("[data-test=dry-run-diff]")).getText()).contains("Changed");
        browser.screenshot("console-dry-run");
        eventuallyAsserted(() -> assertThat(byTest("replay-start").isEnabled()).isTrue());
        byTest("replay-start").click();
        // the console moves to the new replay's own page: #/replays/<id>
        replayId = eventually(() -> {
            String url = driver.getCurrentUrl();
            assertThat(url).contains("#/replays/");
            return url.substring(url.indexOf("#/replays/") + "#/replays/".length());
        });
        WebElement view = eventually(() -> {
            WebElement v = driver.findElement(By.cssSelector("main [data-test=replay-view][data-replay='" + replayId + "']"));
            assertThat(v.getAttribute("data-dry-run")).isEqualTo("false");
            assertThat(v.getAttribute("data-state")).isEqualTo("completed");
            return v;
        });
        assertThat(view.findElement(By.cssSelector("[data-test=replay-progress]")).getAttribute("aria-valuenow"))
                .isEqualTo("100");
        assertThat(byTest("replay-why").getText()).isEqualTo("flaky-test bug fixed in v2");
        browser.screenshot("console-replay");
        show("#/replays");
        WebElement row = eventually(() -> driver.findElement(By.cssSelector("[data-test=replays-table] [data-replay='"
                + replayId + "']")));
        assertThat(row.getAttribute("data-state")).isEqualTo("completed");
        assertThat(row.getText()).contains("anonymous", "flaky-test bug fixed in v2", COHORT);
    }

    @Test
    @Order(5)
    void theHistoryOfAReplayedEventShowsTheReplay() {
        assertThat(replayId).as("the replay of the previous step").isNotNull();
        // from the replay's page to the history of its cohort in its window
        show("#/replays/" + replayId);
        eventually(() -> byTest("replay-events-link")).click();
        WebElement replayedRow = eventually(() -> driver.findElements(By.cssSelector("[data-test=events-table] tbody tr"))
                .stream().filter(r -> !r.findElements(By.cssSelector(".badge.replay")).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no replayed event listed yet")));
        browser.screenshot("console-events");
        replayedRow.findElement(By.cssSelector("[data-test=event-link]")).click();
        WebElement replays = eventually(() -> {
            WebElement table = driver.findElement(By.cssSelector("[data-test=event-replays]"));
            assertThat(table.getText()).contains(replayId, "flaky-test bug fixed in v2");
            return table;
        });
        assertThat(byTest("event-processings").getText()).contains("v1", "v2", "replay");
        assertThat(byTest("event-payload").getText()).contains("eventId");
        assertThat(replays.isDisplayed()).isTrue();
        browser.screenshot("console-event");
    }

    @Test
    @Order(6)
    void withAccessControlTheTokenIsSentAndA403IsShownAsASentence() {
        try (ReplayToolServer guarded = stack.anotherServer(AccessTokens.parse("view-token=vera:viewer,op-token=olga:operator"))) {
            driver.get(guarded.url() + WebConsole.PATH + "/#/routes");
            eventuallyAsserted(() -> assertThat(driver.findElement(By.cssSelector(".msg.error")).getText())
                    .contains("(401)", "enter a token"));
            useToken("view-token");
            type("route-selector", "project:console-guarded");
            type("route-target", "v2");
            type("route-reason", "a viewer may not do this");
            byTest("route-save").click();
            eventuallyAsserted(() -> assertThat(byTest("route-status").getText())
                    .contains("(403)", "operator token").doesNotContain("Exception"));
            browser.screenshot("console-forbidden");
            useToken("op-token");
            type("route-selector", "project:console-guarded");
            type("route-target", "v2");
            type("route-reason", "an operator may");
            byTest("route-save").click();
            eventuallyAsserted(() -> assertThat(byTest("audit-table").getText()).contains("olga", "an operator may"));
        } finally {
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }

    @Test
    @Order(7)
    void theComponentsPageShowsEachVersionsErrorRateFromTheStatsApi() {
        show("#/components");
        // v1 has processed the demo's traffic: its outcomes are counted and its error rate is a percentage
        eventuallyAsserted(() -> {
            driver.navigate().refresh();
            assertThat(eventually(() -> byTest("outcomes-v1")).getText()).doesNotStartWith("0 ").doesNotStartWith("—");
            assertThat(byTest("error-rate-v1").getText()).matches("\\d+\\.\\d+%");
        });
        assertThat(byTest("versions-table").getText()).contains("default (via stable)");
        new Select(byTest("slice-by")).selectByValue("plan");
        eventuallyAsserted(() -> assertThat(byTest("slice-table").getText()).contains("enterprise", "team", "free"));
        browser.screenshot("console-components");
    }

    private static void useToken(String token) {
        WebElement field = byTest("token");
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#token-form button")).click();
        eventuallyAsserted(() -> assertThat(driver.findElement(By.id("token-state")).getText()).isEqualTo("token set"));
    }

    private static void fillReplay(Instant from, String reason) {
        eventuallyAsserted(() -> assertThat(new Select(byTest("replay-component")).getOptions()).isNotEmpty());
        new Select(byTest("replay-component")).selectByValue(ConsoleStack.COMPONENT);
        new Select(byTest("replay-version")).selectByValue("v2");
        type("replay-cohort", COHORT);
        setValue("replay-from", LOCAL_INPUT.format(from));
        setValue("replay-to", "");
        type("replay-reason", reason);
    }

    /** Opens a page of the console; within the console by setting the hash, as its links do. */
    private static void show(String hash) {
        if (driver.getCurrentUrl().startsWith(stack.consoleUrl())) {
            ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
        } else {
            driver.get(stack.consoleUrl() + hash);
        }
    }

    private static WebElement byTest(String name) {
        return driver.findElement(By.cssSelector("[data-test='" + name + "']"));
    }

    private static void type(String name, String text) {
        WebElement input = eventually(() -> byTest(name));
        input.clear();
        input.sendKeys(text);
    }

    /** datetime-local inputs take keys in the browser's locale format; set the value as a script would. */
    private static void setValue(String name, String value) {
        WebElement input = eventually(() -> byTest(name));
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                input, value);
    }

    private static <T> T eventually(Supplier<T> probe) {
        try {
            return patiently().until(probe::get, x -> true);
        } catch (ConditionTimeoutException e) {
            throw withPage(e);
        }
    }

    private static void eventuallyAsserted(Runnable probe) {
        try {
            patiently().untilAsserted(probe::run);
        } catch (ConditionTimeoutException e) {
            throw withPage(e);
        }
    }

    /** What the browser showed when a wait gave up: its text in the failure, a screenshot beside the others. */
    private static AssertionError withPage(ConditionTimeoutException e) {
        browser.screenshot("failed-" + System.currentTimeMillis());
        String text;
        try {
            text = driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException unreadable) {
            text = "(page unreadable: " + unreadable + ")";
        }
        return new AssertionError(e.getMessage() + "\nThe browser was at " + driver.getCurrentUrl()
                + " showing:\n" + text, e);
    }

    private static ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions();
    }
}
