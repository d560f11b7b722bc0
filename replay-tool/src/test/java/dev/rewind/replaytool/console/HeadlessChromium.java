package dev.rewind.replaytool.console;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, headless, with a fresh profile. Both
 * paths are given to Selenium so its Selenium Manager never looks for (or downloads) a browser or
 * a driver. Fails, never skips, when they are missing: a console nobody tested is not done.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: the machine is shared and the stack runs in the same JVM. */
    static final Duration PATIENCE = Duration.ofSeconds(180);

    private final ChromeDriver driver;
    private final Path profile;
    private final List<Path> screenshotDirs;

    private HeadlessChromium(ChromeDriver driver, Path profile, List<Path> screenshotDirs) {
        this.driver = driver;
        this.profile = profile;
        this.screenshotDirs = screenshotDirs;
    }

    /**
     * Starts the browser.
     *
     * @param screenshotDirs where {@link #screenshot} writes, each created when missing
     * @throws AssertionError naming the install command when chromium or chromedriver is missing
     */
    static HeadlessChromium start(List<Path> screenshotDirs) throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the web console's browser test needs Debian's"
                        + " chromium and chromedriver. Install them with"
                        + " `apt-get update && apt-get install -y chromium chromium-driver` (.ci/run does this).");
            }
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("rewind-console-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1400,1100");
        return new HeadlessChromium(new ChromeDriver(service, options), profile, List.copyOf(screenshotDirs));
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Saves the page as {@code <name>.png} in every screenshot folder. */
    void screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        for (Path dir : screenshotDirs) {
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve(name + ".png"), png);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not save screenshot " + name + " in " + dir, e);
            }
        }
    }

    /** Screenshot folders: target/console-screenshots, and the folder named by a system property. */
    static List<Path> screenshotDirs(String property) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("target", "console-screenshots"));
        String extra = System.getProperty(property);
        if (extra != null && !extra.isBlank()) {
            dirs.add(Path.of(extra));
        }
        return dirs;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // page helpers: elements by their data-test name, and patient waits that show the page when they give up

    WebElement byTest(String name) {
        return driver.findElement(By.cssSelector("[data-test='" + name + "']"));
    }

    void type(String name, String text) {
        WebElement input = eventually(() -> byTest(name));
        input.clear();
        input.sendKeys(text);
    }

    /** datetime-local inputs take keys in the browser's locale format; set the value as a script would. */
    void setValue(String name, String value) {
        WebElement input = eventually(() -> byTest(name));
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                input, value);
    }

    <T> T eventually(Supplier<T> probe) {
        try {
            return patiently().until(probe::get, x -> true);
        } catch (ConditionTimeoutException e) {
            throw withPage(e);
        }
    }

    void eventuallyAsserted(Runnable probe) {
        try {
            patiently().untilAsserted(probe::run);
        } catch (ConditionTimeoutException e) {
            throw withPage(e);
        }
    }

    /** What the browser showed when a wait gave up: its text in the failure, a screenshot beside the others. */
    private AssertionError withPage(ConditionTimeoutException e) {
        screenshot("failed-" + System.currentTimeMillis());
        String text;
        try {
            text = driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException unreadable) {
            text = "(page unreadable: " + unreadable + ")";
        }
        return new AssertionError(e.getMessage() + "\nThe browser was at " + driver.getCurrentUrl()
                + " showing:\n" + text, e);
    }

    private ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions();
    }
}
