package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.query.graph.GraphRebuild;
import io.meshgov.testsupport.GraphQlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application tried as an attacker with an ordinary member's token would, over real HTTP on the
 * embedded default (H2, Neo4j over Bolt). Each test is named for the finding of the hardening issue
 * it guards (finding 0, a crash, is {@link CrashDurabilityTest}; finding 5, the raced rule, is the
 * command side's ConcurrentRulesContract; the bad-input generator is {@link BadInputTest}).
 */
@DirtiesContext
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "meshgov.graphql.read-your-writes-timeout=PT5S",
      "meshgov.graphql.read-your-writes-max-waiting=3"
    })
class HardeningTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired GraphProjector projector;
  @Autowired Driver driver;
  @Autowired GraphRebuild rebuild;
  @Autowired EventProcessingConfiguration processing;
  @Autowired io.meshgov.query.graph.GraphConnection connection;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private GraphQlClient client;
  private String alice;
  private String bob;

  @BeforeEach
  void signIn() {
    client = new GraphQlClient(port, dataDir);
    alice = client.token("alice");
    bob = client.token("bob");
  }

  private JsonNode gql(String token, String query, Map<String, Object> variables) throws Exception {
    return client.query(token, query, variables);
  }

  private JsonNode ok(JsonNode answer) {
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.path("data");
  }

  private static void refused(JsonNode answer, String code) {
    assertThat(answer.at("/errors/0/extensions/code").asText())
        .as(answer.toString())
        .isEqualTo(code);
  }

  private long mutate(String token, String mutation, String input) throws Exception {
    JsonNode data =
        ok(
            gql(
                token,
                "mutation { " + mutation + "(input: " + input + ") { position } }",
                Map.of()));
    return data.path(mutation).path("position").asLong();
  }

  private void team(String token, String id, String domain) throws Exception {
    client.domains(domain);
    mutate(
        token, "registerTeam", "{teamId: \"" + id + "\", name: \"T\", domain: \"" + domain + "\"}");
  }

  private long product(String token, String id, String team) throws Exception {
    return mutate(
        token, "registerDataProduct", "{productId: \"" + id + "\", owningTeam: \"" + team + "\"}");
  }

  // finding 1 --------------------------------------------------------------------------------

  @Test
  void finding1_a_transfer_id_reused_on_another_product_does_not_stop_the_graph() throws Exception {
    team(alice, "f1-give", "f1");
    team(bob, "f1-take", "f1");
    product(alice, "f1.a", "f1-give");
    product(alice, "f1.b", "f1-give");
    String request =
        "{productId: \"%s\", targetTeam: \"f1-take\", reason: \"move\", transferId: \"trf_same\"}";
    mutate(alice, "requestOwnershipTransfer", request.formatted("f1.a"));
    long last = mutate(alice, "requestOwnershipTransfer", request.formatted("f1.b"));

    JsonNode history =
        ok(
            gql(
                alice,
                "query($at: Long) { a: ownershipHistory(id: \"f1.a\", minPosition: $at) { transfers { id status } }"
                    + " b: ownershipHistory(id: \"f1.b\") { transfers { id status } } }",
                Map.of("at", last)));
    assertThat(history.at("/a/transfers/0/id").asText()).isEqualTo("trf_same");
    assertThat(history.at("/b/transfers/0/id").asText()).isEqualTo("trf_same");
    assertThat(projector.parkedCount()).isZero();
  }

  @Test
  void finding1_an_event_the_graph_refuses_is_parked_reported_and_cured_by_a_rebuild()
      throws Exception {
    team(alice, "f1p-team", "f1p");
    product(alice, "f1p.bad", "f1p-team");
    // something already in the graph collides with the product's first schema version
    try (var session = driver.session()) {
      session.run("CREATE (:SchemaVersion {id: 'f1p.bad@1'})").consume();
    }
    mutate(
        alice,
        "publishSchemaVersion",
        "{productId: \"f1p.bad\", avroSchema: \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"R\\\",\\\"fields\\\":[{\\\"name\\\":\\\"id\\\",\\\"type\\\":\\\"string\\\"}]}\"}");
    // the feed goes on for everyone else
    long later = product(alice, "f1p.good", "f1p-team");
    ok(
        gql(
            alice,
            "query($at: Long) { dataProduct(id: \"f1p.good\", minPosition: $at) { id } }",
            Map.of("at", later)));

    String operator = client.token("ops", "operator");
    JsonNode health = get("/actuator/health", operator);
    assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(health.at("/components/projection/details/first/aggregateId").asText())
        .isEqualTo("f1p.bad");
    assertThat(health.at("/components/projection/details/first/error").asText())
        .contains("ConstraintValidationFailed");
    assertThat(
            get("/actuator/metrics/meshgov.projection.parked", operator)
                .at("/measurements/0/value")
                .asDouble())
        .isEqualTo(1);

    rebuild.rebuild(progress -> {});
    assertThat(projector.parkedCount()).isZero();
    assertThat(get("/actuator/health", operator).path("status").asText()).isEqualTo("UP");
  }

  // finding 2 --------------------------------------------------------------------------------

  @Test
  void finding2_free_text_beyond_its_limit_is_refused_and_nothing_is_stored() throws Exception {
    team(alice, "f2-team", "f2");
    String big = "x".repeat(2_001);
    refused(
        gql(
            alice,
            "mutation($r: String) { registerDataProduct(input: {productId: \"f2.p\", owningTeam: \"f2-team\", reason: $r}) { id } }",
            Map.of("r", big)),
        "INVALID_INPUT");
    refused(gql(alice, "{ auditTrail(aggregateId: \"f2.p\") { hasMore } }", Map.of()), "NOT_FOUND");
    List<String> many = IntStream.range(0, 501).mapToObj(i -> "f" + i).toList();
    refused(
        gql(
            alice,
            "mutation($f: [String!]) { requestSubscription(input: {product: \"f2.none\", consumerTeam: \"f2-team\", purpose: \"p\", fieldsUsed: $f}) { id } }",
            Map.of("f", many)),
        "INVALID_INPUT");
  }

  @Test
  void finding2_a_request_body_beyond_a_megabyte_is_refused_before_it_is_read() throws Exception {
    String body =
        json.writeValueAsString(
            Map.of("query", "{ search(text: \"x\") { id } }", "padding", "y".repeat(1_100_000)));
    HttpResponse<String> response = client.post(body, alice);
    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("INVALID_INPUT");
  }

  @Test
  void finding2_aliases_cannot_multiply_the_audit_trail() throws Exception {
    team(alice, "f2a-team", "f2a");
    String aliases =
        IntStream.range(0, 40)
            .mapToObj(
                i ->
                    "a"
                        + i
                        + ": auditTrail(aggregateId: \"f2a-team\") { events { payload reason } }")
            .collect(Collectors.joining(" "));
    refused(gql(alice, "{ " + aliases + " }", Map.of()), "QUERY_TOO_COMPLEX");
  }

  @Test
  void finding2_a_page_of_the_audit_trail_ends_at_its_character_budget() throws Exception {
    team(alice, "f2b-team", "f2b");
    product(alice, "f2b.big", "f2b-team");
    for (int version = 1; version <= 6; version++) {
      String doc = Integer.toString(version).repeat(200_000);
      StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
      for (int f = 2; f <= version; f++) {
        fields
            .append(",{\"name\":\"f")
            .append(f)
            .append("\",\"type\":\"string\",\"default\":\"\"}");
      }
      String schema =
          "{\"type\":\"record\",\"name\":\"Big\",\"doc\":\""
              + doc
              + "\",\"fields\":["
              + fields
              + "]}";
      ok(
          gql(
              alice,
              "mutation($s: String!) { publishSchemaVersion(input: {productId: \"f2b.big\", avroSchema: $s}) { id } }",
              Map.of("s", schema)));
    }
    JsonNode page =
        ok(
            gql(
                alice,
                "{ auditTrail(aggregateId: \"f2b.big\", first: 50) { events { sequence } hasMore } }",
                Map.of()));
    assertThat(page.at("/auditTrail/hasMore").asBoolean()).isTrue();
    assertThat(page.at("/auditTrail/events").size()).isBetween(1, 6);
  }

  // finding 3 --------------------------------------------------------------------------------

  @Test
  void finding3_a_position_beyond_the_store_is_refused_at_once() throws Exception {
    long started = System.nanoTime();
    refused(
        gql(alice, "{ dataProduct(id: \"x.y\", minPosition: 9000000000000) { id } }", Map.of()),
        "INVALID_INPUT");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void finding3_waits_are_one_per_request_and_bounded_in_number() throws Exception {
    team(alice, "f3-team", "f3");
    TrackingEventProcessor feeder =
        processing.eventProcessor("lineage-graph", TrackingEventProcessor.class).orElseThrow();
    feeder.shutDown();
    try {
      long unreachable = product(alice, "f3.p", "f3-team");
      String twenty =
          IntStream.range(0, 20)
              .mapToObj(
                  i ->
                      "a"
                          + i
                          + ": dataProduct(id: \"f3.p\", minPosition: "
                          + unreachable
                          + ") { id }")
              .collect(Collectors.joining(" "));
      long started = System.nanoTime();
      JsonNode answer = gql(alice, "{ " + twenty + " }", Map.of());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      refused(answer, "UNAVAILABLE");
      // one deadline (5 s here) for the whole request, not twenty of them one after another
      assertThat(took).isLessThan(Duration.ofSeconds(15));

      // more waiting requests than allowed: the excess is answered at once
      var pool = Executors.newFixedThreadPool(6);
      try {
        List<Callable<JsonNode>> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          waits.add(
              () ->
                  gql(
                      alice,
                      "{ dataProduct(id: \"f3.p\", minPosition: " + unreachable + ") { id } }",
                      Map.of()));
        }
        List<String> messages = new ArrayList<>();
        for (Future<JsonNode> f : pool.invokeAll(waits)) {
          messages.add(f.get().at("/errors/0/message").asText());
        }
        assertThat(messages).anyMatch(m -> m.contains("too many requests are waiting"));
      } finally {
        pool.shutdownNow();
      }
    } finally {
      feeder.start();
      // the feed caught up again before the next test: a restarted processor claims its token and
      // reads its backlog first, which on a slow machine outlasts the wait the others allow
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!feeder.isRunning()
          || gql(alice, "{ dataProduct(id: \"f3.p\", minPosition: 0) { id } }", Map.of())
              .at("/data/dataProduct/id")
              .isMissingNode()) {
        assertThat(System.nanoTime()).as("the graph feed runs again").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  // finding 4 --------------------------------------------------------------------------------

  @Test
  void finding4_the_embedded_graph_takes_no_connection_without_its_secret() throws Exception {
    String operator = client.token("ops", "operator");
    // health shows no port without a role; the port is found the hard way here: from the driver
    String secret = Files.readString(dataDir.resolve("keys/neo4j-secret")).trim();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dataDir.resolve("keys/neo4j-secret"))))
        .isEqualTo("rw-------");
    assertThat(get("/actuator/health", null).toString()).doesNotContain("bolt", "7687", "address");
    URI bolt = boltUri();
    try (Driver anonymous = GraphDatabase.driver(bolt, AuthTokens.none())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(anonymous::verifyConnectivity)
          .isInstanceOf(AuthenticationException.class);
    }
    try (Driver guessing = GraphDatabase.driver(bolt, AuthTokens.basic("neo4j", "neo4j"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(guessing::verifyConnectivity)
          .isInstanceOf(AuthenticationException.class);
    }
    try (Driver owner = GraphDatabase.driver(bolt, AuthTokens.basic(EmbeddedNeo4j.USER, secret))) {
      owner.verifyConnectivity();
    }
    assertThat(operator).isNotBlank();
  }

  private URI boltUri() {
    return connection.embeddedBoltUri().orElseThrow();
  }

  // finding 6 --------------------------------------------------------------------------------

  @Test
  void finding6_four_eyes_cannot_be_walked_around_through_membership() throws Exception {
    team(alice, "f6-give", "f6");
    team(bob, "f6-take", "f6");
    mutate(bob, "addTeamMember", "{teamId: \"f6-take\", person: \"alice\"}");
    // alice leads the receiving team too, so she may add members to it
    mutate(bob, "changeTeamMemberRole", "{teamId: \"f6-take\", person: \"alice\", role: LEAD}");
    mutate(bob, "addTeamMember", "{teamId: \"f6-take\", person: \"bea\"}");
    mutate(alice, "addTeamMember", "{teamId: \"f6-give\", person: \"bea\"}");
    product(alice, "f6.p", "f6-give");
    mutate(
        alice,
        "requestOwnershipTransfer",
        "{productId: \"f6.p\", targetTeam: \"f6-take\", reason: \"r\", transferId: \"trf_f6\"}");
    // alice, in both teams, adds a colleague from the giving side to the receiving team
    mutate(alice, "addTeamMember", "{teamId: \"f6-take\", person: \"carl\"}");
    String accept =
        "mutation { acceptOwnershipTransfer(input: {productId: \"f6.p\", transferId: \"trf_f6\"}) { id } }";
    JsonNode carl = gql(client.token("carl"), accept, Map.of());
    assertThat(carl.at("/errors/0/extensions/rejection").asText())
        .isEqualTo("JOINED_AFTER_REQUEST");
    JsonNode bea = gql(client.token("bea"), accept, Map.of());
    assertThat(bea.at("/errors/0/extensions/rejection").asText())
        .isEqualTo("ACCEPTOR_IN_GIVING_TEAM");
    ok(gql(bob, accept, Map.of()));
  }

  // finding 7 --------------------------------------------------------------------------------

  @Test
  void finding7_tokens_need_audience_expiry_a_person_and_no_reserved_name() throws Exception {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> good = new LinkedHashMap<>();
    good.put("sub", "mallory");
    good.put("iss", "meshgov-embedded");
    good.put("aud", "meshgov");
    good.put("exp", now + 600);
    assertThat(client.post(query(), client.signed(good)).statusCode()).isEqualTo(200);

    Map<String, Object> otherAudience = new LinkedHashMap<>(good);
    otherAudience.put("aud", "another-service");
    Map<String, Object> noExpiry = new LinkedHashMap<>(good);
    noExpiry.remove("exp");
    Map<String, Object> noSubject = new LinkedHashMap<>(good);
    noSubject.remove("sub");
    Map<String, Object> system = new LinkedHashMap<>(good);
    system.put("sub", "system");
    Map<String, Object> expired = new LinkedHashMap<>(good);
    expired.put("exp", now - 3600);
    for (Map<String, Object> claims :
        List.of(otherAudience, noExpiry, noSubject, system, expired)) {
      HttpResponse<String> response = client.post(query(), client.signed(claims));
      assertThat(response.statusCode()).as(claims.toString()).isEqualTo(401);
      assertThat(response.body()).contains("UNAUTHENTICATED");
    }
  }

  private String query() throws Exception {
    return json.writeValueAsString(Map.of("query", "{ search(text: \"x\") { id } }"));
  }

  // finding 8 --------------------------------------------------------------------------------

  @Test
  void finding8_internal_endpoints_are_off_and_operations_need_a_role() throws Exception {
    HttpResponse<String> command =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/commands/RegisterTeamCommand"))
                .header("Authorization", "Bearer " + alice)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"command\":{\"teamId\":\"x-team\",\"name\":\"x\",\"domain\":\"x\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(command.statusCode()).isEqualTo(404);
    assertThat(status("/events/x-team", alice)).isEqualTo(404);
    assertThat(status("/head", alice)).isEqualTo(404);
    assertThat(status("/actuator/metrics", alice)).isEqualTo(403);
    assertThat(status("/actuator/metrics", client.token("ops", "operator"))).isEqualTo(200);
    assertThat(get("/actuator/health", null).toString()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(get("/actuator/health", alice).toString()).isEqualTo("{\"status\":\"UP\"}");
  }

  // finding 9 --------------------------------------------------------------------------------

  @Test
  void finding9_bad_input_gets_its_code_and_no_internal_names() throws Exception {
    HttpResponse<String> nullBody = client.post("null", alice);
    assertThat(nullBody.statusCode()).isEqualTo(400);
    assertThat(nullBody.body()).contains("INVALID_INPUT");

    refused(
        gql(
            alice,
            "{ lineage(id: \"a.b\", asOf: \"+1000000000-01-01T00:00:00Z\") { root } }",
            Map.of()),
        "INVALID_INPUT");

    String introspection =
        "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }";
    JsonNode abusive = gql(alice, introspection, Map.of());
    assertThat(abusive.at("/errors/0/extensions/code").asText())
        .isIn("QUERY_TOO_COMPLEX", "INVALID_INPUT");

    team(alice, "f9-team", "f9");
    product(alice, "f9.p", "f9-team");
    JsonNode avro =
        gql(
            alice,
            "mutation { publishSchemaVersion(input: {productId: \"f9.p\", avroSchema: \"{\\\"type\\\": 12}\"}) { id } }",
            Map.of());
    refused(avro, "INVALID_INPUT");
    assertThat(avro.toString())
        .doesNotContain("com.fasterxml", "jackson", "org.apache", "Exception");
  }

  // finding 10 -------------------------------------------------------------------------------

  @Test
  void finding10_graphiql_loads_nothing_from_another_host() throws Exception {
    HttpResponse<String> page =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphiql"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).containsIgnoringCase("graphiql").doesNotContain("https://", "http://");
    for (String asset :
        List.of(
            "/webjars/graphiql/2.4.7/graphiql.min.js",
            "/webjars/graphiql/2.4.7/graphiql.min.css",
            "/webjars/react/18.3.1/umd/react.production.min.js",
            "/webjars/react-dom/18.3.1/umd/react-dom.production.min.js")) {
      assertThat(page.body()).contains(asset);
      assertThat(status(asset, null)).as(asset).isEqualTo(200);
    }
  }

  // helpers ----------------------------------------------------------------------------------

  private int status(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private JsonNode get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return json.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
