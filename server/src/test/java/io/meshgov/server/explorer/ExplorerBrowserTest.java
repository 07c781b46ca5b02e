package io.meshgov.server.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The explorer in a real browser (Debian's headless Chromium through Selenium) against the running
 * application on its real stores: the engineer's, the steward's and the auditor's journeys, each
 * with screenshots, an accessibility check and no console error.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplorerBrowserTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Payment\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"amount\",\"type\":\"long\"},{\"name\":\"currency\",\"type\":\"string\"}]}";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  private GraphQlClient client;
  private final List<RemoteWebDriver> browsers = new java.util.ArrayList<>();

  /** Before the auditor's changes: card authorisations owned by payments, feeding the ledger. */
  private static Instant before;

  private static boolean meshBuilt;

  @BeforeEach
  void aMesh() throws Exception {
    client = new GraphQlClient(port, dataDir);
    if (meshBuilt) {
      return;
    }
    meshBuilt = true;
    String alice = client.token("alice");
    String bob = client.token("bob");
    String carol = client.token("carol");
    client.domains("payments", "finance", "analytics");
    ok(
        alice,
        "mutation { registerTeam(input: {teamId: \"payments-core\", name: \"Payments core\", domain: \"payments\"}) { id } }");
    ok(
        bob,
        "mutation { registerTeam(input: {teamId: \"finance\", name: \"Finance\", domain: \"finance\"}) { id } }");
    ok(
        carol,
        "mutation { registerTeam(input: {teamId: \"analytics\", name: \"Analytics\", domain: \"analytics\"}) { id } }");
    ok(bob, "mutation { addTeamMember(input: {teamId: \"finance\", person: \"alice\"}) { id } }");
    product(alice, "payments.card-authorisations", "payments-core", "Card authorisations");
    product(alice, "payments.settlements", "payments-core", "Settled card payments");
    product(alice, "payments.refunds", "payments-core", "Refunds");
    product(bob, "finance.ledger", "finance", "General ledger");
    product(carol, "analytics.revenue", "analytics", "Revenue by day");
    upstream(alice, "payments.settlements", "payments.card-authorisations");
    upstream(bob, "finance.ledger", "payments.settlements");
    upstream(bob, "finance.ledger", "payments.card-authorisations");
    upstream(carol, "analytics.revenue", "finance.ledger");
    JsonNode requested =
        ok(
            carol,
            "mutation { requestSubscription(input: {product: \"finance.ledger\", consumerTeam: \"analytics\", purpose: \"daily revenue\", fieldsUsed: [\"amount\"]}) { createdId position } }");
    ok(
        bob,
        "mutation($id: ID!) { approveSubscription(input: {subscriptionId: $id}) { id } }",
        Map.of("id", requested.at("/data/requestSubscription/createdId").asText()));
    // a pipeline seen moving data: settlements into the ledger (declared too), authorisations into
    // revenue (declared by nobody)
    bind(alice, "payments.settlements", "kafka://broker:9092", "payments.settlements.v1");
    bind(
        alice, "payments.card-authorisations", "kafka://broker:9092", "payments.authorisations.v1");
    bind(bob, "finance.ledger", "postgres://db:5432", "finance.public.ledger");
    bind(carol, "analytics.revenue", "postgres://db:5432", "analytics.public.revenue");
    observed(
        alice,
        "settle_to_ledger",
        "kafka://broker:9092",
        "payments.settlements.v1",
        "postgres://db:5432",
        "finance.public.ledger");
    observed(
        alice,
        "authorisations_to_revenue",
        "kafka://broker:9092",
        "payments.authorisations.v1",
        "postgres://db:5432",
        "analytics.public.revenue");
    long last = settle(alice);
    // the as-of control counts whole seconds: a second clear of every write on each side
    Thread.sleep(1100);
    before = Instant.now();
    Thread.sleep(1100);
    // what the auditor looks back past: the ledger stops reading authorisations directly, and
    // finance takes the authorisations over
    ok(
        bob,
        "mutation { removeUpstream(input: {productId: \"finance.ledger\", upstream: \"payments.card-authorisations\", reason: \"reads settlements only\"}) { id } }");
    String transfer =
        ok(
                alice,
                "mutation { requestOwnershipTransfer(input: {productId: \"payments.card-authorisations\", targetTeam: \"finance\", reason: \"finance runs card data\"}) { createdId position } }")
            .at("/data/requestOwnershipTransfer/createdId")
            .asText();
    ok(
        bob,
        "mutation($t: ID!) { acceptOwnershipTransfer(input: {productId: \"payments.card-authorisations\", transferId: $t, reason: \"agreed\"}) { id } }",
        Map.of("t", transfer));
    assertThat(settle(alice)).isGreaterThan(last);
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(RemoteWebDriver::quit);
    browsers.clear();
  }

  @Test
  void the_engineer_finds_a_product_follows_its_lineage_and_sees_what_dropping_a_field_breaks()
      throws Exception {
    RemoteWebDriver browser = signedIn("alice");
    WebElement search = browser.findElement(By.id("search"));
    search.sendKeys("settlements", Keys.ENTER);
    waitFor(browser)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("results"), "payments.settlements"));
    Browsers.screenshot(browser, "engineer-1-search");
    assertThat(Browsers.accessibilityViolations(browser)).isEmpty();
    // keyboard only: down into the results, Enter opens the product
    browser.findElement(By.id("search")).sendKeys(Keys.ARROW_DOWN);
    assertThat(browser.switchTo().activeElement().getText()).contains("payments.settlements");
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    waitFor(browser).until(ExpectedConditions.urlContains("/products/payments.settlements"));
    WebElement picture = lineageDrawn(browser);
    assertThat(nodes(picture))
        .contains(
            "payments.settlements",
            "payments.card-authorisations",
            "finance.ledger",
            "analytics.revenue");
    assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("payments-core");
    // declared and observed told apart: settlements -> ledger is both, ledger -> revenue declared
    assertThat(
            picture
                .findElement(
                    By.cssSelector(
                        "path.edge[data-from='payments.settlements'][data-to='finance.ledger']"))
                .getAttribute("class"))
        .contains("both");
    assertThat(
            picture
                .findElement(
                    By.cssSelector(
                        "path.edge[data-from='finance.ledger'][data-to='analytics.revenue']"))
                .getAttribute("class"))
        .doesNotContain("both", "observed");
    // an edge's field mappings on hover
    WebElement edge =
        picture.findElement(
            By.cssSelector(
                "path.edge-hit[data-from='payments.settlements'][data-to='finance.ledger']"));
    new Actions(browser).moveToElement(edge).perform();
    waitFor(browser)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("tooltip"), "amount"));
    assertThat(browser.findElement(By.id("tooltip")).getText()).contains("amount", "declared");
    Browsers.screenshot(browser, "engineer-2-lineage");
    new Actions(browser).moveToElement(browser.findElement(By.id("product-id"))).perform();
    // the impact of dropping amount: the products and teams downstream
    browser.findElement(By.cssSelector("input[name=remove][value=amount]")).click();
    browser.findElement(By.cssSelector("#impact-form button[type=submit]")).click();
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("impact-products")));
    assertThat(browser.findElement(By.id("impact-products")).getText())
        .contains("finance.ledger", "analytics.revenue");
    assertThat(browser.findElement(By.id("impact-teams")).getText())
        .contains("finance", "analytics");
    assertThat(browser.findElement(By.id("impact-subscriptions")).getText()).contains("analytics");
    assertThat(picture.findElements(By.cssSelector(".node.affected"))).hasSize(2);
    // the edges the change travels, from the product itself on
    assertThat(
            picture
                .findElement(
                    By.cssSelector(
                        "path.edge[data-from='payments.settlements'][data-to='finance.ledger']"))
                .getAttribute("class"))
        .contains("affected");
    browser.findElement(By.id("impact-copy")).click();
    waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
    Browsers.screenshot(browser, "engineer-3-impact");
    // click a node: its page; one level only says plainly that more lies beyond
    picture.findElement(By.cssSelector("g.node[data-id='payments.card-authorisations']")).click();
    waitFor(browser)
        .until(ExpectedConditions.urlContains("/products/payments.card-authorisations"));
    picture = lineageDrawn(browser);
    assertThat(
            picture
                .findElement(
                    By.cssSelector(
                        "path.edge[data-from='payments.card-authorisations'][data-to='analytics.revenue']"))
                .getAttribute("class"))
        .contains("observed");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("depth")))
        .selectByValue("1");
    waitFor(browser)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("lineage-status"), "complete: false"));
    Browsers.screenshot(browser, "engineer-4-one-level");
    assertThat(Browsers.accessibilityViolations(browser)).isEmpty();
    assertThat(Browsers.consoleErrors(browser)).isEmpty();
  }

  @Test
  void two_stewards_complete_a_four_eyes_transfer_and_self_acceptance_is_refused()
      throws Exception {
    RemoteWebDriver alice = signedIn("alice");
    RemoteWebDriver bob = signedIn("bob");
    int bobsUnread = Integer.parseInt(bob.findElement(By.id("inbox-count")).getText());
    alice.get(url("/products/payments.refunds"));
    lineageDrawn(alice);
    alice.findElement(By.id("transfer-team")).sendKeys("finance");
    alice.findElement(By.id("transfer-reason")).sendKeys("finance handles refunds");
    alice.findElement(By.cssSelector("#transfer-form button[type=submit]")).click();
    waitFor(alice)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#transfers button[data-action=accept]")));
    // bob's inbox shows the waiting transfer without a reload
    waitFor(bob)
        .until(d -> Integer.parseInt(d.findElement(By.id("inbox-count")).getText()) > bobsUnread);
    bob.findElement(By.id("inbox-button")).click();
    waitFor(bob)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("inbox-items"), "payments.refunds"));
    Browsers.screenshot(bob, "steward-1-inbox");
    // alice asked: she may not accept it herself, and the page says so
    alice.findElement(By.cssSelector("#transfers button[data-action=accept]")).click();
    waitFor(alice)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "FORBIDDEN"));
    assertThat(alice.findElement(By.id("message")).getText()).contains("SELF_APPROVAL");
    Browsers.screenshot(alice, "steward-2-self-acceptance-refused");
    // bob, a lead of the receiving team, accepts
    bob.findElement(By.id("inbox-close")).click();
    bob.get(url("/products/payments.refunds"));
    lineageDrawn(bob);
    bob.findElement(By.cssSelector("#transfers button[data-action=accept]")).click();
    waitFor(bob).until(ExpectedConditions.textToBe(By.id("owner"), "finance"));
    assertThat(bob.findElement(By.id("message")).getText()).contains("Transfer accepted");
    assertThat(bob.findElement(By.id("owner-timeline")).getText())
        .contains("finance", "payments-core", "approved by bob");
    Browsers.screenshot(bob, "steward-3-accepted");
    alice.navigate().refresh();
    waitFor(alice).until(ExpectedConditions.textToBe(By.id("owner"), "finance"));
    for (RemoteWebDriver browser : List.of(alice, bob)) {
      assertThat(Browsers.accessibilityViolations(browser)).isEmpty();
      assertThat(Browsers.consoleErrors(browser)).isEmpty();
    }
  }

  @Test
  void the_auditor_reads_the_ownership_timeline_and_sees_an_earlier_owner_and_edge_as_of_then()
      throws Exception {
    RemoteWebDriver browser = signedIn(client.token("audrey", "auditor"));
    browser.get(url("/products/payments.card-authorisations"));
    WebElement picture = lineageDrawn(browser);
    assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("finance");
    assertThat(edges(picture)).doesNotContain("payments.card-authorisations>finance.ledger");
    String timeline = browser.findElement(By.id("owner-timeline")).getText();
    assertThat(timeline).contains("finance", "payments-core", "asked by alice, approved by bob");
    assertThat(browser.findElement(By.id("audit-trail")).getText())
        .contains("OwnershipTransferAccepted");
    Browsers.screenshot(browser, "auditor-1-timeline");
    // the as-of control: the time before the changes
    WebElement asOf = browser.findElement(By.id("as-of"));
    browser.executeScript(
        "arguments[0].value = arguments[1];",
        asOf,
        Browsers.localValue(browser, before.toString()));
    browser.findElement(By.cssSelector("#as-of-form button[type=submit]")).click();
    waitFor(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("as-of-banner")));
    picture = lineageDrawn(browser);
    assertThat(browser.findElement(By.id("owner")).getText()).isEqualTo("payments-core");
    assertThat(edges(picture)).contains("payments.card-authorisations>finance.ledger");
    assertThat(browser.getCurrentUrl()).contains("asOf=");
    Browsers.screenshot(browser, "auditor-2-as-of");
    // a deep link keeps the time: another person opening it sees the same past
    RemoteWebDriver second = signedIn("bob");
    second.get(browser.getCurrentUrl());
    waitFor(second).until(ExpectedConditions.textToBe(By.id("owner"), "payments-core"));
    assertThat(Browsers.accessibilityViolations(browser)).isEmpty();
    assertThat(Browsers.consoleErrors(browser)).isEmpty();
  }

  @Test
  void a_refused_schema_shows_its_violations_and_the_subscriptions_it_would_break()
      throws Exception {
    RemoteWebDriver bob = signedIn("bob");
    bob.get(url("/products/finance.ledger"));
    lineageDrawn(bob);
    bob.findElement(By.id("publish-schema"))
        .sendKeys(
            SCHEMA.replace(
                "{\"name\":\"amount\",\"type\":\"long\"}",
                "{\"name\":\"amount\",\"type\":\"string\"}"));
    bob.findElement(By.cssSelector("#publish-form button[type=submit]")).click();
    WebElement message =
        waitFor(bob)
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#message [data-detail=violations]")))
            .findElement(By.xpath("ancestor::div[@id='message']"));
    assertThat(message.getText())
        .contains("BREAKING_CHANGE", "INCOMPATIBLE_SCHEMA", "amount", "analytics");
    Browsers.screenshot(bob, "owner-schema-refused");
    assertThat(Browsers.accessibilityViolations(bob)).isEmpty();
    assertThat(Browsers.consoleErrors(bob)).isEmpty();
  }

  @Test
  void an_owner_approves_a_subscription_and_compares_the_schema_version_it_publishes()
      throws Exception {
    ok(
        client.token("alice"),
        "mutation { requestSubscription(input: {product: \"analytics.revenue\", consumerTeam: \"payments-core\", purpose: \"fraud baselines\", fieldsUsed: [\"amount\"]}) { createdId position } }");
    settle(client.token("alice"));
    RemoteWebDriver carol = signedIn("carol");
    carol.get(url("/products/analytics.revenue"));
    lineageDrawn(carol);
    carol.findElement(By.cssSelector("#subscriptions button[data-action=approve]")).click();
    waitFor(carol)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("subscriptions"), "approved by carol"));
    assertThat(carol.findElement(By.id("message")).getText()).contains("Subscription approved");
    // a compatible version: a new optional field with a default
    carol
        .findElement(By.id("publish-schema"))
        .sendKeys(
            SCHEMA.replace(
                "]}", ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    carol.findElement(By.id("publish-reason")).sendKeys("notes for analysts");
    carol.findElement(By.cssSelector("#publish-form button[type=submit]")).click();
    waitFor(carol)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("schema-diff"), "note"));
    String diff = carol.findElement(By.id("schema-diff")).getText();
    assertThat(diff).contains("In 1", "In 2", "note", "added").doesNotContain("amount");
    Browsers.screenshot(carol, "owner-schema-diff");
    assertThat(Browsers.accessibilityViolations(carol)).isEmpty();
    assertThat(Browsers.consoleErrors(carol)).isEmpty();
  }

  @Test
  void the_page_asks_for_a_token_and_takes_one_from_the_fragment_without_sending_it()
      throws Exception {
    RemoteWebDriver browser = Browsers.open();
    browsers.add(browser);
    browser.get(url("/teams/finance"));
    WebElement signIn =
        waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    assertThat(signIn.getText()).contains("bin/token <person>");
    Browsers.screenshot(browser, "sign-in");
    assertThat(Browsers.accessibilityViolations(browser)).isEmpty();
    browser.findElement(By.id("token")).sendKeys(client.token("bob"));
    browser.findElement(By.cssSelector("#sign-in-form button")).click();
    waitFor(browser)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), "alice"));
    assertThat(browser.findElement(By.id("signed-in")).getText()).isEqualTo("Signed in as bob");
    assertThat(browser.findElement(By.id("team-products")).getText()).contains("finance.ledger");
    // a token handed over in the fragment is kept for the tab and taken out of the address
    RemoteWebDriver other = Browsers.open();
    browsers.add(other);
    other.get(url("/teams/finance#token=" + client.token("carol")));
    waitFor(other)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "carol"));
    assertThat(other.getCurrentUrl()).doesNotContain("token");
    assertThat(Browsers.consoleErrors(browser)).isEmpty();
  }

  // ---------- helpers ----------

  private RemoteWebDriver signedIn(String personOrToken) throws Exception {
    String token = personOrToken.contains(".") ? personOrToken : client.token(personOrToken);
    RemoteWebDriver browser = Browsers.open();
    browsers.add(browser);
    browser.get(url("/#token=" + token));
    waitFor(browser)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "Signed in as"));
    return browser;
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static WebDriverWait waitFor(RemoteWebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  /** Waits for the lineage picture to be drawn and answers it. */
  private static WebElement lineageDrawn(RemoteWebDriver browser) {
    return waitFor(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#lineage-picture[data-drawn] svg")))
        .findElement(By.xpath(".."));
  }

  private static List<String> nodes(WebElement picture) {
    return picture.findElements(By.cssSelector("g.node")).stream()
        .map(n -> n.getAttribute("data-id"))
        .toList();
  }

  private static List<String> edges(WebElement picture) {
    return picture.findElements(By.cssSelector("path.edge")).stream()
        .map(e -> e.getAttribute("data-from") + ">" + e.getAttribute("data-to"))
        .toList();
  }

  private void product(String token, String id, String team, String description) throws Exception {
    ok(
        token,
        "mutation($id: ID!, $team: ID!, $d: String) { registerDataProduct(input: {productId: $id, owningTeam: $team, description: $d, tags: [\"core\"], classification: INTERNAL, outputPort: \"kafka://broker:9092/\"}) { id } }",
        Map.of("id", id, "team", team, "d", description));
    ok(
        token,
        "mutation($id: ID!, $s: String!) { publishSchemaVersion(input: {productId: $id, avroSchema: $s}) { id } }",
        Map.of("id", id, "s", SCHEMA));
  }

  private void bind(String token, String product, String namespace, String name) throws Exception {
    ok(
        token,
        "mutation($p: ID!, $ns: String!, $n: String!) { bindDataset(input: {productId: $p, namespace: $ns, name: $n}) { id position } }",
        Map.of("p", product, "ns", namespace, "n", name));
  }

  /** A pipeline run reported as OpenLineage's HTTP transport sends it. */
  private void observed(
      String token, String job, String inNamespace, String in, String outNamespace, String out)
      throws Exception {
    String event =
        """
        {"eventType": "COMPLETE", "eventTime": "%s", "producer": "https://example.org/airflow",
         "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "%s"},
         "inputs": [{"namespace": "%s", "name": "%s"}],
         "outputs": [{"namespace": "%s", "name": "%s"}]}
        """
            .formatted(
                Instant.now(),
                java.util.UUID.randomUUID(),
                job,
                inNamespace,
                in,
                outNamespace,
                out);
    var answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/v1/lineage")))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(event))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    lastPosition =
        Math.max(
            lastPosition,
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(answer.body())
                .path("position")
                .asLong());
  }

  private void upstream(String token, String product, String upstream) throws Exception {
    ok(
        token,
        "mutation($p: ID!, $u: ID!) { declareUpstream(input: {productId: $p, upstream: $u, fieldMappings: [{outputField: \"amount\", inputFields: [\"amount\"], transformation: \"sum by day\"}]}) { id } }",
        Map.of("p", product, "u", upstream));
  }

  /** The highest position a mutation of this test answered. */
  private static long lastPosition = -1;

  /** Waits until the graph shows every write so far and answers the position of the last. */
  private long settle(String token) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (client
        .query(
            token, "query($p: Long) { domains(minPosition: $p) { id } }", Map.of("p", lastPosition))
        .has("errors")) {
      assertThat(System.nanoTime()).as("the graph reaches %d", lastPosition).isLessThan(deadline);
    }
    return lastPosition;
  }

  private JsonNode ok(String token, String document) throws Exception {
    return ok(token, document, Map.of());
  }

  private JsonNode ok(String token, String document, Map<String, Object> variables)
      throws Exception {
    JsonNode answer = client.query(token, document, variables);
    assertThat(answer.has("errors")).as("%s -> %s", document, answer).isFalse();
    answer
        .path("data")
        .forEach(field -> lastPosition = Math.max(lastPosition, field.path("position").asLong(-1)));
    return answer;
  }
}
