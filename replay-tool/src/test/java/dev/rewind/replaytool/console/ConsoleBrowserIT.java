package dev.rewind.replaytool.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rewind.kafka.junit.KafkaCluster;
import dev.rewind.kafka.junit.KafkaClusterExtension;
import dev.rewind.replaytool.ReplayToolServer;
import dev.rewind.replaytool.access.AccessTokens;
import dev.rewind.replaytool.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import dev.rewind.examples.release.ReleaseDemo;
import dev.rewind.examples.release.ReleaseEvents;
import dev.rewind.schemas.serde.AvroSerializer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * complete and find the replay in the history of an event it reprocessed; see a paused partition and a record
 * of no version on the components page, list, read and redrive dead letters, set a ramp; start a guarded
 * rollout and follow its decisions to the end; follow a shadow run as its runner reports and stop it. No API response is
 * faked. Screenshots land in target/console-screenshots and, with
 * {@code -Drewind.console.screenshots=../docs}, in the README's folder.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

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
        WebElement section = browser.eventually(() -> driver.findElement(
                By.cssSelector("[data-component='" + ConsoleStack.COMPONENT + "']")));
        browser.eventually(() -> {
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
        WebElement routes = browser.eventually(() -> driver.findElement(By.cssSelector("[data-test=routes-table]")));
        assertThat(routes.getText()).contains("default", "stable");
        browser.type("route-selector", "project:console-demo");
        new Select(browser.byTest("route-kind")).selectByValue("version");
        browser.type("route-target", "v2");
        browser.type("route-reason", "try the fix on the console's own project");
        browser.byTest("route-save").click();
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("route-status").getText()).contains("project:console-demo", "Effective from"));
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("audit-table").getText()).contains("try the fix on the console's own project"));
        browser.screenshot("console-routes");
    }

    @Test
    @Order(3)
    void anInvalidReplayIsRefusedWithTheServicesSentenceNotAStackTrace() {
        show("#/replays");
        fillReplay(Instant.now().plus(Duration.ofHours(1)), "should be refused");
        browser.byTest("replay-dry-run").click();
        WebElement error = browser.eventually(() -> driver.findElement(By.cssSelector("[data-test=replay-start-status] .msg.error")));
        assertThat(error.getText()).contains("(422)").doesNotContain("Exception", "\tat ", "dev.rewind.");
    }

    @Test
    @Order(4)
    void aReplayOfACohortRunsDryFirstThenForRealAndCompletes() {
        show("#/replays");
        // the form takes whole minutes: the window starts at the first one after events began to flow
        Instant from = stack.readyAt().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        fillReplay(from, "flaky-test bug fixed in v2");
        await().atMost(HeadlessChromium.PATIENCE).until(() -> Instant.now().isAfter(from.plus(Duration.ofSeconds(20))));
        browser.byTest("replay-dry-run").click();
        WebElement dryRun = browser.eventually(() -> {
            WebElement view = driver.findElement(By.cssSelector("[data-test=dry-run] [data-test=replay-view]"));
            assertThat(view.getAttribute("data-state")).isIn("completed", "failed", "cancelled");
            return view;
        });
        assertThat(dryRun.getAttribute("data-state")).isEqualTo("completed");
        assertThat(dryRun.findElement(By.cssSelector("[data-test=dry-run-diff]")).getText()).contains("Changed");
        browser.screenshot("console-dry-run");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("replay-start").isEnabled()).isTrue());
        browser.byTest("replay-start").click();
        // the console moves to the new replay's own page: #/replays/<id>
        replayId = browser.eventually(() -> {
            String url = driver.getCurrentUrl();
            assertThat(url).contains("#/replays/");
            return url.substring(url.indexOf("#/replays/") + "#/replays/".length());
        });
        WebElement view = browser.eventually(() -> {
            WebElement v = driver.findElement(By.cssSelector("main [data-test=replay-view][data-replay='" + replayId + "']"));
            assertThat(v.getAttribute("data-dry-run")).isEqualTo("false");
            assertThat(v.getAttribute("data-state")).isEqualTo("completed");
            return v;
        });
        assertThat(view.findElement(By.cssSelector("[data-test=replay-progress]")).getAttribute("aria-valuenow"))
                .isEqualTo("100");
        assertThat(browser.byTest("replay-why").getText()).isEqualTo("flaky-test bug fixed in v2");
        browser.screenshot("console-replay");
        show("#/replays");
        WebElement row = browser.eventually(() -> driver.findElement(By.cssSelector("[data-test=replays-table] [data-replay='"
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
        browser.eventually(() -> browser.byTest("replay-events-link")).click();
        WebElement replayedRow = browser.eventually(() -> driver.findElements(By.cssSelector("[data-test=events-table] tbody tr"))
                .stream().filter(r -> !r.findElements(By.cssSelector(".badge.replay")).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no replayed event listed yet")));
        browser.screenshot("console-events");
        replayedRow.findElement(By.cssSelector("[data-test=event-link]")).click();
        WebElement replays = browser.eventually(() -> {
            WebElement table = driver.findElement(By.cssSelector("[data-test=event-replays]"));
            assertThat(table.getText()).contains(replayId, "flaky-test bug fixed in v2");
            return table;
        });
        assertThat(browser.byTest("event-processings").getText()).contains("v1", "v2", "replay");
        assertThat(browser.byTest("event-payload").getText()).contains("eventId");
        assertThat(replays.isDisplayed()).isTrue();
        browser.screenshot("console-event");
    }

    @Test
    @Order(6)
    void withAccessControlTheTokenIsSentAndA403IsShownAsASentence() {
        try (ReplayToolServer guarded = stack.anotherServer(AccessTokens.parse("view-token=vera:viewer,op-token=olga:operator"))) {
            driver.get(guarded.url() + WebConsole.PATH + "/#/routes");
            browser.eventuallyAsserted(() -> assertThat(driver.findElement(By.cssSelector(".msg.error")).getText())
                    .contains("(401)", "enter a token"));
            useToken("view-token");
            browser.type("route-selector", "project:console-guarded");
            browser.type("route-target", "v2");
            browser.type("route-reason", "a viewer may not do this");
            browser.byTest("route-save").click();
            browser.eventuallyAsserted(() -> assertThat(browser.byTest("route-status").getText())
                    .contains("(403)", "operator token").doesNotContain("Exception"));
            browser.screenshot("console-forbidden");
            useToken("op-token");
            browser.type("route-selector", "project:console-guarded");
            browser.type("route-target", "v2");
            browser.type("route-reason", "an operator may");
            browser.byTest("route-save").click();
            browser.eventuallyAsserted(() -> assertThat(browser.byTest("audit-table").getText()).contains("olga", "an operator may"));
        } finally {
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }

    @Test
    @Order(7)
    void theComponentsPageShowsEachVersionsErrorRateFromTheStatsApi() {
        show("#/components");
        // v1 has processed the demo's traffic: its outcomes are counted and its error rate is a percentage
        browser.eventuallyAsserted(() -> {
            driver.navigate().refresh();
            assertThat(browser.eventually(() -> browser.byTest("outcomes-v1")).getText()).doesNotStartWith("0 ").doesNotStartWith("—");
            assertThat(browser.byTest("error-rate-v1").getText()).matches("\\d+\\.\\d+%");
        });
        assertThat(browser.byTest("versions-table").getText()).contains("default (via stable)");
        new Select(browser.byTest("slice-by")).selectByValue("plan");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("slice-table").getText()).contains("enterprise", "team", "free"));
        browser.screenshot("console-components");
    }

    @Test
    @Order(8)
    void aSlowReplayShowsLiveProgressAndIsCancelledFromItsPage() {
        show("#/replays");
        fillReplay("customer:globex", stack.readyAt().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)),
                "slow on purpose, to be cancelled");
        browser.type("replay-rate", "1");
        browser.byTest("replay-skip-dry-run").click();
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("replay-start").isEnabled()).isTrue());
        browser.byTest("replay-start").click();
        String id = browser.eventually(() -> {
            String url = driver.getCurrentUrl();
            assertThat(url).contains("#/replays/");
            return url.substring(url.indexOf("#/replays/") + "#/replays/".length());
        });
        String view = "main [data-test=replay-view][data-replay='" + id + "']";
        browser.eventuallyAsserted(() -> {
            assertThat(driver.findElement(By.cssSelector(view)).getAttribute("data-state")).isEqualTo("running");
            assertThat(browser.byTest("replay-progress-text").getText()).contains("ETA");
        });
        browser.type("cancel-reason", "enough for the test");
        browser.byTest("replay-cancel").click();
        browser.eventuallyAsserted(() -> assertThat(driver.findElement(By.cssSelector(view)).getAttribute("data-state"))
                .isEqualTo("cancelled"));
        assertThat(browser.byTest("replay-cancel").isDisplayed()).isFalse();
    }

    @Test
    @Order(9)
    void theComponentsPageShowsAPausedPartitionUntilItResumesAndTheRecordsOfNoVersion() throws Exception {
        show("#/components");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("paused-v1").getText()).isEqualTo("none"));
        // dated ahead of the route horizon, within event.time.after.max.ms: partition 0 waits for the history
        try (AvroSerializer serializer = new AvroSerializer()) {
            serializer.configure(Map.of("schema.registry.url", stack.registryUrl(),
                    "value.subject.name.strategy", "dev.rewind.schemas.serde.TopicRecordNameStrategy"), false);
            stack.produce(0, Instant.now().plusSeconds(30), "console-paused".getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(ReleaseDemo.EVENTS_TOPIC, ReleaseEvents.commitPushed("console-dated-ahead",
                            ReleaseEvents.cohort("acme", "enterprise", "console-paused"), ReleaseDemo.RELEASE_BRANCH,
                            "sha", "ada")));
        }
        stack.produce(0, null, "k".getBytes(StandardCharsets.UTF_8), "not an event".getBytes(StandardCharsets.UTF_8));
        for (String version : ReleaseDemo.VERSIONS) {
            browser.eventuallyAsserted(() -> assertThat(browser.byTest("paused-" + version).getText())
                    .contains(ReleaseDemo.EVENTS_TOPIC + "-0", "routes since"));
        }
        browser.screenshot("console-paused");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("unroutable-count").getText()).isEqualTo("1"));
        for (String version : ReleaseDemo.VERSIONS) {
            browser.eventuallyAsserted(() -> assertThat(browser.byTest("paused-" + version).getText()).isEqualTo("none"));
        }
    }

    @Test
    @Order(10)
    void theDeadLettersPageListsFiltersShowsOneAndRedrivesV1sFailuresThroughV2AfterADryRun() {
        String filtered = "#/dlq/" + ConsoleStack.COMPONENT + "?version=v1&reason=PROCESSOR_ERROR&cohort=plan%3Aenterprise";
        show(filtered);
        browser.eventuallyAsserted(() -> {
            assertThat(browser.byTest("dlq-table").getText()).contains("PROCESSOR_ERROR", "plan:enterprise");
            assertThat(browser.byTest("dlq-table").getText()).doesNotContain("UNDECODABLE");
        });
        assertThat(browser.byTest("dlq-cohort").getAttribute("value")).isEqualTo("plan:enterprise");
        browser.byTest("dlq-entry-link").click();
        browser.eventuallyAsserted(() -> {
            assertThat(browser.byTest("dlq-detail-version").getText()).isEqualTo("v1");
            assertThat(browser.byTest("dlq-detail-reason").getText()).startsWith("PROCESSOR_ERROR");
        });
        browser.screenshot("console-dead-letter");
        // the record of no version from the previous step is listed too, attributed to none
        show("#/dlq/" + ConsoleStack.COMPONENT + "?reason=UNDECODABLE");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("dlq-table").getText()).contains("UNDECODABLE", "none"));

        show(filtered);
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("dlq-table").getText()).contains("PROCESSOR_ERROR"));
        new Select(browser.byTest("redrive-version")).selectByValue("v2");
        browser.type("redrive-reason", "v2 divides by the flaky count correctly");
        assertThat(browser.byTest("redrive-start").isEnabled()).as("no redrive before a dry run").isFalse();
        // v2 may not have consumed past the newest failures yet (409 version-behind): ask again until it has
        browser.eventuallyAsserted(() -> {
            browser.byTest("redrive-dry-run-start").click();
            WebElement view = browser.eventually(() -> driver.findElement(By.cssSelector(
                    "[data-test=redrive-dry-run] [data-test=replay-view], [data-test=redrive-status] .msg.error")));
            assertThat(view.getAttribute("data-test")).as(view.getText()).isEqualTo("replay-view");
        });
        browser.eventuallyAsserted(() -> assertThat(driver.findElement(By.cssSelector(
                "[data-test=redrive-dry-run] [data-test=replay-view]")).getAttribute("data-state")).isEqualTo("completed"));
        assertThat(browser.byTest("redrive-status").getText()).contains("Dry run", "matched", "sent to v2");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("redrive-start").isEnabled()).isTrue());
        browser.screenshot("console-redrive-dry-run");
        browser.byTest("redrive-start").click();
        browser.eventually(() -> browser.byTest("redrive-link")).click();
        browser.eventuallyAsserted(() -> {
            WebElement v = driver.findElement(By.cssSelector("main [data-test=replay-view]"));
            assertThat(v.getAttribute("data-dry-run")).isEqualTo("false");
            assertThat(v.getAttribute("data-state")).isEqualTo("completed");
        });
        assertThat(browser.byTest("replay-why").getText()).isEqualTo("v2 divides by the flaky count correctly");
    }

    @Test
    @Order(11)
    void aRampIsSetOnTheRoutesPageAndShownWithItsShareAndDimension() {
        show("#/routes");
        browser.eventually(() -> browser.byTest("routes-table"));
        browser.type("route-selector", "plan:free");
        new Select(browser.byTest("route-kind")).selectByValue("version");
        browser.type("route-target", "v1");
        browser.type("route-ramp-to", "v2");
        browser.type("route-ramp-percent", "12.5");
        new Select(browser.byTest("route-ramp-by")).selectByValue("customer");
        browser.type("route-reason", "a first step of v2 for free customers");
        browser.byTest("route-save").click();
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("route-status").getText()).contains("plan:free", "Effective from"));
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("routes-table").getText())
                .contains("plan:free", "12.5% of customer values → v2 (version)"));
        browser.screenshot("console-ramp");
    }

    @Test
    @Order(12)
    void aGuardedRolloutIsStartedFromTheConsoleAndEveryDecisionIsShownWithTheErrorRateOfBothVersions() {
        driver.get(stack.consoleUrl() + "#/rollouts");
        browser.eventuallyAsserted(() -> assertThat(new Select(browser.byTest("rollout-component")).getOptions()).isNotEmpty());
        new Select(browser.byTest("rollout-component")).selectByValue(ConsoleStack.COMPONENT);
        new Select(browser.byTest("rollout-version")).selectByValue("v2");
        browser.type("rollout-cohort", "plan:enterprise");
        browser.type("rollout-steps", "50,10,100");
        browser.type("rollout-window", "PT5S");
        browser.type("rollout-min-samples", "3");
        browser.type("rollout-reason", "v2 fixes the flaky count");
        browser.byTest("rollout-start").click();
        WebElement refused = browser.eventually(() -> driver.findElement(By.cssSelector("[data-test=rollout-start-status] .msg.error")));
        assertThat(refused.getText()).contains("(422)", "'steps'").doesNotContain("Exception", "\tat ");

        browser.type("rollout-steps", "100");
        browser.byTest("rollout-start").click();
        WebElement summary = browser.eventually(() -> driver.findElement(By.cssSelector("[data-test=rollout-summary]")));
        assertThat(summary.getText()).contains("v1 → v2", "plan:enterprise");
        browser.eventuallyAsserted(() -> assertThat(driver.findElement(By.cssSelector("[data-test=rollout-summary]"))
                .getAttribute("data-state")).isEqualTo("completed"));
        assertThat(browser.byTest("rollout-decisions").getText()).contains("started", "completed", "passed clean");
        assertThat(browser.byTest("rollout-summary").getText()).contains("v2 fixes the flaky count");
        assertThat(driver.findElements(By.cssSelector("[data-test=error-rate-chart] [data-series='v2 (new)']"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("[data-test=error-rate-chart] [data-series='v1 (baseline)']"))).isNotEmpty();
        browser.screenshot("console-rollout");
        show("#/rollouts");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("rollouts-table").getText()).contains("completed"));
    }

    @Test
    @Order(13)
    void aShadowRunIsShownAsItsRunnerReportsAndIsStoppedFromTheConsole() {
        // the runner (rewind shadow start, in local-stack) reports over REST as here; ShadowRunIT runs the real one
        Http http = new Http(stack.serviceUrl());
        String id = UUID.randomUUID().toString();
        String path = "/api/v1/shadows/" + id;
        assertThat(http.put(path, shadowReport("running"), null).status()).isEqualTo(200);

        show("#/shadows");
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("shadows-table").getText()).contains(id));
        show("#/shadows/" + id);
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("shadow-view").getText())
                .contains(ConsoleStack.COMPONENT + " v2", "plan:enterprise", "311", "37", "v1: 311"));
        assertThat(browser.byTest("shadow-sample").getText()).contains("release.decisions", "RELEASE", "HOLD");
        browser.screenshot("console-shadow");

        browser.eventuallyAsserted(() -> assertThat(browser.byTest("shadow-stop").isDisplayed()).isTrue());
        browser.byTest("shadow-stop").click();
        browser.eventuallyAsserted(() -> assertThat(http.put(path, shadowReport("running"), null).json()
                .path("stopRequested").asBoolean()).as("the runner's next report is told to stop").isTrue());
        assertThat(http.put(path, shadowReport("stopped"), null).status()).isEqualTo(200);
        show("#/shadows");
        show("#/shadows/" + id);
        browser.eventuallyAsserted(() -> assertThat(browser.byTest("shadow-view").getAttribute("data-state"))
                .isEqualTo("stopped"));
    }

    private static Map<String, Object> shadowReport(String state) {
        return Map.of("component", ConsoleStack.COMPONENT, "version", "v2", "cohort", "plan:enterprise",
                "from", Instant.now().minusSeconds(60).toString(), "startedAt", Instant.now().minusSeconds(58).toString(),
                "stateFrom", "v1", "state", state, "host", "dana@laptop", "reason", "does v2 fix enterprise?",
                "comparison", Map.of("events", 311, "compared", 311, "same", 17, "changed", 37, "ownerErrors", 60,
                        "owners", Map.of("v1", 311),
                        "sample", List.of(Map.of("eventId", "e1", "kind", "changed", "topic", "release.decisions",
                                "key", "acme-web", "expected", "{\"action\": \"HOLD\"}",
                                "actual", "{\"action\": \"RELEASE\"}"))));
    }

    private static void useToken(String token) {
        WebElement field = browser.byTest("token");
        field.clear();
        field.sendKeys(token);
        driver.findElement(By.cssSelector("#token-form button")).click();
        browser.eventuallyAsserted(() -> assertThat(driver.findElement(By.id("token-state")).getText()).isEqualTo("token set"));
    }

    private static void fillReplay(Instant from, String reason) {
        fillReplay(COHORT, from, reason);
    }

    private static void fillReplay(String cohort, Instant from, String reason) {
        browser.eventuallyAsserted(() -> assertThat(new Select(browser.byTest("replay-component")).getOptions()).isNotEmpty());
        new Select(browser.byTest("replay-component")).selectByValue(ConsoleStack.COMPONENT);
        new Select(browser.byTest("replay-version")).selectByValue("v2");
        browser.type("replay-cohort", cohort);
        browser.setValue("replay-from", LOCAL_INPUT.format(from));
        browser.setValue("replay-to", "");
        browser.type("replay-reason", reason);
    }

    /** Opens a page of the console; within the console by setting the hash, as its links do. */
    private static void show(String hash) {
        if (driver.getCurrentUrl().startsWith(stack.consoleUrl())) {
            ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
        } else {
            driver.get(stack.consoleUrl() + hash);
        }
    }

}
