package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pipelines report through the stock OpenLineage client what they really read and write; {@code
 * lineageDrift} holds it against what owners declared and finds each kind of drift, and a finding
 * goes away once governance catches up (an upstream declared, a subscription approved).
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LineageDriftTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  static final String KAFKA = "kafka://broker:9092";
  static final String PG = "postgres://db:5432";

  private final OpenLineage ol = new OpenLineage(URI.create("https://example.org/pipelines"));

  private void mutate(GraphQlClient client, String token, String mutation, Map<String, Object> vars)
      throws Exception {
    JsonNode answer = client.query(token, mutation, vars);
    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
  }

  private static final String DRIFT =
      "query($team: ID, $days: Int) { lineageDrift(domain: \"drift\", team: $team, staleAfterDays: $days)"
          + " { kind product otherProduct datasetName otherDatasetName jobName run teamToTell details } }";

  private List<String> kinds(JsonNode findings) {
    List<String> kinds = new ArrayList<>();
    findings.forEach(
        f ->
            kinds.add(
                f.path("kind").asText()
                    + " "
                    + f.path("product").asText()
                    + (f.path("otherProduct").isNull()
                        ? ""
                        : " " + f.path("otherProduct").asText())));
    return kinds;
  }

  @Test
  void observed_flows_are_held_against_declarations_subscriptions_schemas_and_owners()
      throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice"); // payments team
    String bob = client.token("bob"); // finance team
    client.domains("drift");
    mutate(
        client,
        alice,
        "mutation { registerTeam(input: {teamId: \"drift-pay\", name: \"P\", domain: \"drift\"}) { id } }",
        Map.of());
    mutate(
        client,
        bob,
        "mutation { registerTeam(input: {teamId: \"drift-fin\", name: \"F\", domain: \"drift\"}) { id } }",
        Map.of());
    String register =
        "mutation($p: ID!, $t: ID!) { registerDataProduct(input: {productId: $p, owningTeam: $t}) { id } }";
    mutate(client, alice, register, Map.of("p", "drift.orders", "t", "drift-pay"));
    mutate(client, bob, register, Map.of("p", "drift.ledger", "t", "drift-fin"));
    mutate(client, bob, register, Map.of("p", "drift.archive", "t", "drift-fin"));
    mutate(
        client,
        bob,
        "mutation($s: String!) { publishSchemaVersion(input: {productId: \"drift.ledger\", avroSchema: $s}) { id } }",
        Map.of(
            "s",
            "{\"type\":\"record\",\"name\":\"L\",\"fields\":[{\"name\":\"amount\",\"type\":\"long\"},"
                + "{\"name\":\"booked\",\"type\":\"string\"}]}"));
    mutate(
        client,
        alice,
        "mutation($s: String!) { publishSchemaVersion(input: {productId: \"drift.orders\", avroSchema: $s}) { id } }",
        Map.of(
            "s",
            "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"total\",\"type\":\"long\"}]}"));
    String bind =
        "mutation($p: ID!, $ns: String!, $n: String!) { bindDataset(input: {productId: $p, namespace: $ns, name: $n}) { id } }";
    mutate(client, alice, bind, Map.of("p", "drift.orders", "ns", KAFKA, "n", "orders.v1"));
    mutate(client, bob, bind, Map.of("p", "drift.ledger", "ns", PG, "n", "finance.ledger"));
    mutate(client, bob, bind, Map.of("p", "drift.archive", "ns", PG, "n", "finance.archive"));
    // declared, but no pipeline ever shows it
    mutate(
        client,
        bob,
        "mutation { declareUpstream(input: {productId: \"drift.ledger\", upstream: \"drift.archive\"}) { id } }",
        Map.of());

    HttpConfig config = new HttpConfig();
    config.setUrl(URI.create("http://127.0.0.1:" + port));
    ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
    auth.setApiKey(client.token("airflow"));
    config.setAuth(auth);
    ZonedDateTime now = ZonedDateTime.now();
    try (OpenLineageClient pipeline =
        OpenLineageClient.builder().transport(new HttpTransport(config)).build()) {
      // the ledger loader reads the orders topic: nobody declared it, nobody subscribed
      OpenLineage.RunEvent loader =
          ol.newRunEventBuilder()
              .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
              .eventTime(now)
              .run(ol.newRunBuilder().runId(UUID.randomUUID()).build())
              .job(ol.newJobBuilder().namespace("airflow://prod").name("ledger_loader").build())
              .inputs(
                  List.of(ol.newInputDatasetBuilder().namespace(KAFKA).name("orders.v1").build()))
              .outputs(
                  List.of(
                      ol.newOutputDatasetBuilder()
                          .namespace(PG)
                          .name("finance.ledger")
                          .facets(
                              ol.newDatasetFacetsBuilder()
                                  .schema(
                                      ol.newSchemaDatasetFacetBuilder()
                                          .fields(
                                              List.of(
                                                  ol.newSchemaDatasetFacetFieldsBuilder()
                                                      .name("amount")
                                                      .type("DECIMAL(18,2)")
                                                      .build(),
                                                  ol.newSchemaDatasetFacetFieldsBuilder()
                                                      .name("extra")
                                                      .type("VARCHAR")
                                                      .build()))
                                          .build())
                                  .columnLineage(
                                      ol.newColumnLineageDatasetFacetBuilder()
                                          .fields(
                                              ol.newColumnLineageDatasetFacetFieldsBuilder()
                                                  .put(
                                                      "amount",
                                                      ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                                                          .inputFields(
                                                              List.of(
                                                                  ol.newInputFieldBuilder()
                                                                      .namespace(KAFKA)
                                                                      .name("orders.v1")
                                                                      .field("total")
                                                                      .build()))
                                                          .build())
                                                  .build())
                                          .build())
                                  .ownership(
                                      ol.newOwnershipDatasetFacetBuilder()
                                          .owners(
                                              List.of(
                                                  ol.newOwnershipDatasetFacetOwnersBuilder()
                                                      .name("team:drift-pay")
                                                      .type("TEAM")
                                                      .build()))
                                          .build())
                                  .build())
                          .build()))
              .build();
      pipeline.emit(loader);
      // a report job reads the ledger and writes a file nobody owns
      pipeline.emit(
          ol.newRunEventBuilder()
              .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
              .eventTime(now)
              .run(ol.newRunBuilder().runId(UUID.randomUUID()).build())
              .job(ol.newJobBuilder().namespace("spark://cluster").name("report_builder").build())
              .inputs(
                  List.of(ol.newInputDatasetBuilder().namespace(PG).name("finance.ledger").build()))
              .outputs(
                  List.of(
                      ol.newOutputDatasetBuilder()
                          .namespace("s3://lake")
                          .name("reports/daily")
                          .build()))
              .build());
    }

    JsonNode findings =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> client.query(alice, DRIFT, Map.of("days", 0)).at("/data/lineageDrift"),
                f -> f.size() >= 6);
    assertThat(kinds(findings))
        .containsExactlyInAnyOrder(
            "OWNERSHIP_CLAIM_MISMATCH drift.ledger",
            "SCHEMA_DRIFT drift.ledger",
            "SHADOW_CONSUMER drift.ledger",
            "STALE_DECLARATION drift.ledger drift.archive",
            "UNDECLARED_UPSTREAM drift.ledger drift.orders",
            "SHADOW_CONSUMER drift.orders drift.ledger");
    for (JsonNode finding : findings) {
      assertThat(finding.path("teamToTell").asText()).isEqualTo("drift-fin");
      if (!finding.path("kind").asText().equals("STALE_DECLARATION")
          && !finding.path("kind").asText().equals("SCHEMA_DRIFT")
          && !finding.path("kind").asText().equals("OWNERSHIP_CLAIM_MISMATCH")) {
        assertThat(finding.path("jobName").asText()).isNotEmpty();
        assertThat(finding.path("run").asText()).isNotEmpty();
      }
      if (finding.path("kind").asText().equals("SCHEMA_DRIFT")) {
        assertThat(finding.path("details").toString())
            .contains("missing: booked", "added: extra", "retyped: amount");
      }
    }
    // a team's view: what concerns its products
    assertThat(
            kinds(
                client
                    .query(alice, DRIFT, Map.of("team", "drift-pay", "days", 0))
                    .at("/data/lineageDrift")))
        .containsExactly("SHADOW_CONSUMER drift.orders drift.ledger");
    // the product's own view, with the default window: the new declaration is not stale yet
    JsonNode ledger =
        client.query(bob, "{ dataProduct(id: \"drift.ledger\") { drift { kind } } }", Map.of());
    assertThat(ledger.at("/data/dataProduct/drift").findValuesAsText("kind"))
        .doesNotContain("STALE_DECLARATION")
        .contains("UNDECLARED_UPSTREAM");

    // lineage, field lineage and impact follow the flows nobody declared, and say so
    String lineage =
        "query($s: [LineageSource!]) { lineage(id: \"drift.orders\", sources: $s)"
            + " { nodes { id } edges { from to sources } } }";
    JsonNode both = client.query(alice, lineage, new java.util.HashMap<>());
    assertThat(both.at("/data/lineage/nodes").findValuesAsText("id"))
        .containsExactly("drift.ledger");
    assertThat(both.at("/data/lineage/edges/0/sources").toString()).isEqualTo("[\"OBSERVED\"]");
    JsonNode declaredOnly = client.query(alice, lineage, Map.of("s", List.of("DECLARED")));
    assertThat(declaredOnly.at("/data/lineage/nodes")).isEmpty();
    JsonNode fields =
        client.query(
            alice,
            "{ fieldLineage(id: \"drift.orders\", field: \"total\") { nodes { id } edges { sources } } }",
            Map.of());
    assertThat(fields.at("/data/fieldLineage/nodes").findValuesAsText("id"))
        .containsExactly("drift.ledger#amount");
    JsonNode impact =
        client.query(
            alice,
            "query($s: [LineageSource!]) { impact(id: \"drift.orders\", removedFields: [\"total\"], sources: $s)"
                + " { products { id } teamsToNotify } }",
            new java.util.HashMap<>());
    assertThat(impact.at("/data/impact/products").findValuesAsText("id"))
        .containsExactly("drift.ledger");
    assertThat(impact.at("/data/impact/teamsToNotify").toString()).contains("drift-fin");
    assertThat(
            client
                .query(
                    alice,
                    "query($s: [LineageSource!]) { impact(id: \"drift.orders\", removedFields: [\"total\"], sources: $s)"
                        + " { products { id } } }",
                    Map.of("s", List.of("DECLARED")))
                .at("/data/impact/products"))
        .isEmpty();

    // governance catches up: the upstream declared, the subscription approved
    mutate(
        client,
        bob,
        "mutation { declareUpstream(input: {productId: \"drift.ledger\", upstream: \"drift.orders\"}) { id } }",
        Map.of());
    mutate(
        client,
        bob,
        "mutation { requestSubscription(input: {product: \"drift.orders\", consumerTeam: \"drift-fin\","
            + " purpose: \"ledger\", subscriptionId: \"sub_drift\"}) { id } }",
        Map.of());
    JsonNode approved =
        client.query(
            alice,
            "mutation { approveSubscription(input: {subscriptionId: \"sub_drift\"}) { position } }",
            Map.of());
    long position = approved.at("/data/approveSubscription/position").asLong();
    JsonNode after =
        client.query(
            alice,
            "query($p: Long) { lineageDrift(domain: \"drift\", staleAfterDays: 0, minPosition: $p) { kind product otherProduct } }",
            Map.of("p", position));
    assertThat(
            client.query(alice, lineage, Map.of()).at("/data/lineage/edges/0/sources").toString())
        .isEqualTo("[\"DECLARED\",\"OBSERVED\"]");
    assertThat(kinds(after.at("/data/lineageDrift")))
        .doesNotContain(
            "UNDECLARED_UPSTREAM drift.ledger drift.orders",
            "SHADOW_CONSUMER drift.orders drift.ledger")
        .contains("SHADOW_CONSUMER drift.ledger");
  }
}
