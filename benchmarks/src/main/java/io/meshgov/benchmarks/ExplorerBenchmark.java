package io.meshgov.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.server.MeshgovApplication;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The explorer's lineage picture of a 500-product neighbourhood in headless Chromium: from
 * navigation to the drawn picture (the page records {@code performance.now()} when it has drawn),
 * beside the two lineage queries it sends, timed from Java over HTTP in the same run.
 *
 * <p>The mesh: one product, 20 products reading it, 80 reading those and 400 reading those (each of
 * the last also reading a second product of the level above), all within the page's default depth
 * of three levels: 501 nodes and 900 edges.
 */
public final class ExplorerBenchmark {

  private ExplorerBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int loads = Integer.parseInt(options.getOrDefault("loads", "30"));
    String chromium = options.getOrDefault("chromium", "/usr/bin/chromium");
    String chromedriver = options.getOrDefault("chromedriver", "/usr/bin/chromedriver");
    Path dataDir = Files.createTempDirectory("meshgov-explorer-benchmark");
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(MeshgovApplication.class)
            .run("--meshgov.data-dir=" + dataDir, "--server.port=0", "--logging.level.root=WARN");
    int status = 0;
    ChromeDriver browser = null;
    try {
      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      GraphQlClient client = new GraphQlClient(port, dataDir);
      String token = client.shortLivedToken("alice", 3600);
      long built = System.nanoTime();
      int nodes = build(client, token);
      System.out.printf(
          "mesh of %d products built through GraphQL in %.0f s%n",
          nodes, (System.nanoTime() - built) / 1e9);

      ChromeOptions chrome = new ChromeOptions();
      chrome.setBinary(chromium);
      chrome.addArguments(
          "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1440,1000");
      browser =
          new ChromeDriver(
              new ChromeDriverService.Builder()
                  .usingDriverExecutable(Path.of(chromedriver).toFile())
                  .usingAnyFreePort()
                  .build(),
              chrome);
      String base = "http://127.0.0.1:" + port;
      browser.get(base + "/#token=" + token);
      new WebDriverWait(browser, Duration.ofSeconds(30))
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "alice"));
      double[] page = new double[loads];
      int drawn = 0;
      for (int i = -3; i < loads; i++) { // three warm-up loads, not counted
        browser.get(base + "/products/" + ROOT);
        var picture =
            new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(
                    ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#lineage-picture[data-drawn]")));
        drawn = browser.findElements(By.cssSelector("#lineage-picture g.node")).size();
        if (i >= 0) {
          page[i] = Double.parseDouble(picture.getAttribute("data-drawn"));
        }
      }
      double[] query = new double[loads];
      String lineage =
          "query($id: ID!) { up: lineage(id: $id, direction: UPSTREAM, depth: 3) { nodes { id depth } edges { from to sources } complete }"
              + " down: lineage(id: $id, direction: DOWNSTREAM, depth: 3) { nodes { id depth } edges { from to sources } complete } }";
      for (int i = -3; i < loads; i++) {
        long started = System.nanoTime();
        JsonNode answer = client.query(token, lineage, Map.of("id", ROOT));
        if (answer.has("errors")) {
          throw new IllegalStateException(answer.toString());
        }
        if (i >= 0) {
          query[i] = (System.nanoTime() - started) / 1e6;
        }
      }
      System.out.printf(
          "%n### Explorer: navigation to a drawn lineage of %d nodes, headless Chromium, %d loads%n%n",
          drawn, loads);
      System.out.println("| measure | p50 ms | p95 ms | max ms |");
      System.out.println("| --- | ---: | ---: | ---: |");
      System.out.printf(
          "| navigation → picture drawn (page, queries and drawing) | %.0f | %.0f | %.0f |%n",
          percentile(page, 50), percentile(page, 95), percentile(page, 100));
      System.out.printf(
          "| baseline: the page's two lineage queries from Java over HTTP | %.0f | %.0f | %.0f |%n",
          percentile(query, 50), percentile(query, 95), percentile(query, 100));
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      if (browser != null) {
        browser.quit();
      }
      app.close();
    }
    System.exit(status);
  }

  static final String ROOT = "mesh.root";

  /** Registers the mesh through GraphQL with four clients; answers the number of products. */
  private static int build(GraphQlClient client, String token) throws Exception {
    client.domains("mesh");
    mutate(
        client,
        token,
        "mutation { registerTeam(input: {teamId: \"mesh-team\", name: \"Mesh\", domain: \"mesh\"}) { id } }",
        Map.of());
    List<String> level1 = names("mesh.l1-", 20);
    List<String> level2 = names("mesh.l2-", 80);
    List<String> level3 = names("mesh.l3-", 400);
    List<String> all = new ArrayList<>(List.of(ROOT));
    all.addAll(level1);
    all.addAll(level2);
    all.addAll(level3);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      run(
          pool,
          all,
          id ->
              mutate(
                  client,
                  token,
                  "mutation($id: ID!) { registerDataProduct(input: {productId: $id, owningTeam: \"mesh-team\"}) { id } }",
                  Map.of("id", id)));
      run(pool, level1, id -> upstream(client, token, id, ROOT));
      run(pool, level2, id -> upstream(client, token, id, level1.get(level2.indexOf(id) % 20)));
      run(
          pool,
          level3,
          id -> {
            int i = level3.indexOf(id);
            upstream(client, token, id, level2.get(i % 80));
            upstream(client, token, id, level2.get((i + 7) % 80));
          });
    } finally {
      pool.shutdown();
    }
    return all.size();
  }

  private static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(prefix + i);
    }
    return names;
  }

  interface Step {
    void apply(String id) throws Exception;
  }

  private static void run(ExecutorService pool, List<String> ids, Step step) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (String id : ids) {
      done.add(
          pool.submit(
              () -> {
                step.apply(id);
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  private static void upstream(GraphQlClient client, String token, String product, String upstream)
      throws Exception {
    mutate(
        client,
        token,
        "mutation($p: ID!, $u: ID!) { declareUpstream(input: {productId: $p, upstream: $u}) { id } }",
        Map.of("p", product, "u", upstream));
  }

  private static void mutate(
      GraphQlClient client, String token, String document, Map<String, Object> variables)
      throws Exception {
    JsonNode answer = client.query(token, document, variables);
    if (answer.has("errors")) {
      throw new IllegalStateException(document + " -> " + answer);
    }
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
