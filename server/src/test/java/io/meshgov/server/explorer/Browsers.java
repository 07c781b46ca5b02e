package io.meshgov.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Debian's headless Chromium driven through the installed chromedriver (nothing is downloaded at
 * run time; {@code .ci/run} installs both packages when missing), with the page's console kept, an
 * accessibility check (axe-core, run in the page) and screenshots under {@code
 * target/explorer-screenshots}.
 */
final class Browsers {

  static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

  private Browsers() {}

  static Path chromium() {
    return installed("MESHGOV_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser");
  }

  static Path chromedriver() {
    return installed(
        "MESHGOV_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  }

  private static Path installed(String variable, String... candidates) {
    String configured = System.getenv(variable);
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Path.of(configured);
    }
    for (String candidate : candidates) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new IllegalStateException(
        "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium"
            + " chromium-driver; .ci/run installs them), or "
            + variable
            + " pointing at the program");
  }

  /** A new headless browser session of its own (its own storage: one person each). */
  static RemoteWebDriver open() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1000",
        "--lang=en-GB",
        "--no-first-run",
        "--disable-extensions");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves what the browser shows now as {@code target/explorer-screenshots/<name>.png}. */
  static Path screenshot(WebDriver driver, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  /** What the page wrote to its console at level SEVERE since the last call. */
  static List<String> consoleErrors(WebDriver driver) {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  private static String axe;

  /**
   * Runs axe-core in the page as it is now and answers its serious and critical violations, each as
   * rule id, impact and the first offending element.
   */
  @SuppressWarnings("unchecked")
  static List<String> accessibilityViolations(RemoteWebDriver driver) throws IOException {
    if (axe == null) {
      try (InputStream in =
          Browsers.class.getResourceAsStream(
              "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
        assertThat(in).as("axe-core on the test classpath").isNotNull();
        axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    driver.executeScript(axe);
    Object found =
        driver.executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, {resultTypes: ['violations']})
              .then(r => done(r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes[0].target.join(' '))))
              .catch(e => done(['axe failed: ' + e]));
            """);
    return (List<String>) found;
  }

  /** The browser's local form of an instant, as a datetime-local input holds it. */
  static String localValue(RemoteWebDriver driver, String iso) {
    return (String) driver.executeScript("return localValue(arguments[0]);", iso);
  }
}
