package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.Classification;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.TestDomains;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The read queries of the GraphQL API over real HTTP, against the embedded application. */
// each class has its own data folder: close its application (Neo4j, H2, Tomcat) when done
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GraphQlQueriesTest {

  private static final String SCHEMA =
      """
      {"type":"record","name":"R","fields":[{"name":"id","type":"string"},{"name":"amount","type":"long"}]}
      """;

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired GovernanceCommands commands;
  private final ObjectMapper json = new ObjectMapper();
  private static long lastPosition = -1;

  @BeforeEach
  void aSmallMesh() {
    if (lastPosition >= 0) {
      return; // one mesh for the whole class: the context is shared
    }
    TestDomains.register(commands, "orders");
    TeamId team = TeamId.of("orders-team");
    commands.send(new RegisterTeamCommand(team, "Orders", DomainName.of("orders")), "alice", null);
    for (String id : List.of("orders.raw", "orders.clean", "orders.daily")) {
      commands.send(
          new RegisterDataProductCommand(
              DataProductId.of(id),
              team,
              null,
              "orders " + id,
              List.of("orders"),
              Classification.INTERNAL,
              null,
              null),
          "alice",
          null);
      commands.send(new PublishSchemaVersionCommand(DataProductId.of(id), SCHEMA), "alice", null);
    }
    commands.send(
        new DeclareUpstreamCommand(
            DataProductId.of("orders.clean"),
            DataProductId.of("orders.raw"),
            List.of(new FieldMapping("amount", List.of("amount"), null))),
        "alice",
        null);
    lastPosition =
        commands
            .send(
                new DeclareUpstreamCommand(
                    DataProductId.of("orders.daily"),
                    DataProductId.of("orders.clean"),
                    List.of(new FieldMapping("amount", List.of("amount"), "sum"))),
                "alice",
                null)
            .position();
  }

  private HttpResponse<String> post(String body) throws Exception {
    GraphQlClient client = new GraphQlClient(port, dataDir);
    return client.post(body, client.token("alice"));
  }

  private JsonNode query(String query, Map<String, Object> variables) throws Exception {
    HttpResponse<String> response =
        post(json.writeValueAsString(Map.of("query", query, "variables", variables)));
    return json.readTree(response.body());
  }

  @Test
  void a_query_with_the_position_of_the_last_write_reads_that_write() throws Exception {
    JsonNode answer =
        query(
            """
            query($id: ID!, $min: Long) {
              lineage(id: $id, direction: DOWNSTREAM, minPosition: $min) {
                nodes { id depth side } edges { from to } complete
              }
            }
            """,
            Map.of("id", "orders.raw", "min", lastPosition));
    assertThat(answer.path("errors").isMissingNode()).isTrue();
    JsonNode nodes = answer.at("/data/lineage/nodes");
    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(1).path("id").asText()).isEqualTo("orders.daily");
    assertThat(nodes.get(1).path("depth").asInt()).isEqualTo(2);
    assertThat(answer.at("/data/lineage/complete").asBoolean()).isTrue();
  }

  @Test
  void impact_and_products_are_answered_with_paths_and_pages() throws Exception {
    JsonNode impact =
        query(
            """
            query($min: Long) {
              impact(id: "orders.raw", removedFields: ["amount"], minPosition: $min) {
                fields { id depth path } products { id depth } teamsToNotify
              }
            }
            """,
            Map.of("min", lastPosition));
    assertThat(impact.at("/data/impact/fields/1/path").toString())
        .isEqualTo("[\"orders.raw#amount\",\"orders.clean#amount\",\"orders.daily#amount\"]");
    JsonNode page =
        query(
            "{ dataProducts(first: 2) { edges { cursor node { id owningTeam } } pageInfo { hasNextPage endCursor } } }",
            Map.of());
    assertThat(page.at("/data/dataProducts/edges/0/node/id").asText()).isEqualTo("orders.clean");
    assertThat(page.at("/data/dataProducts/pageInfo/hasNextPage").asBoolean()).isTrue();
    JsonNode next =
        query(
            "query($after: String) { dataProducts(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }",
            Map.of("after", page.at("/data/dataProducts/pageInfo/endCursor").asText()));
    assertThat(next.at("/data/dataProducts/edges/0/node/id").asText()).isEqualTo("orders.raw");
    assertThat(next.at("/data/dataProducts/pageInfo/hasNextPage").asBoolean()).isFalse();
  }

  @Test
  void bad_and_unknown_ids_are_errors_with_stable_codes() throws Exception {
    JsonNode invalid = query("{ lineage(id: \"not a product id\") { complete } }", Map.of());
    assertThat(invalid.at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_INPUT");
    assertThat(invalid.at("/errors/0/message").asText()).contains("data product id");
    JsonNode unknown = query("{ lineage(id: \"orders.nothing\") { complete } }", Map.of());
    assertThat(unknown.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
    assertThat(unknown.toString()).doesNotContain("at io.meshgov", "java.lang");
  }

  @Test
  void a_position_beyond_the_store_is_refused_at_once_not_a_hang() throws Exception {
    JsonNode answer =
        query(
            "query($min: Long) { dataProduct(id: \"orders.raw\", minPosition: $min) { id } }",
            Map.of("min", Long.MAX_VALUE - 1));
    assertThat(answer.at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void malformed_requests_are_refused_as_the_graphql_over_http_spec_says() throws Exception {
    assertThat(post("{not json").statusCode()).isEqualTo(400);
    HttpResponse<String> fine =
        post("{\"query\":\"{ dataProduct(id: \\\"orders.raw\\\") { id } }\"}");
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(fine.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/graphql-response+json"));
    HttpResponse<String> unknownField =
        post("{\"query\":\"{ dataProduct(id: \\\"orders.raw\\\") { nope } }\"}");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("nope").contains("\"code\":\"INVALID_INPUT\"");
    GraphQlClient client = new GraphQlClient(port, dataDir);
    HttpResponse<String> get =
        client.get("{ dataProduct(id: \"orders.raw\") { id } }", client.token("alice"));
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).contains("orders.raw");
    HttpResponse<String> mutationOverGet =
        client.get(
            "mutation { retireDataProduct(input: {productId: \"orders.raw\"}) { id } }",
            client.token("alice"));
    assertThat(mutationOverGet.statusCode()).isEqualTo(405);
    assertThat(mutationOverGet.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void queries_nested_deeper_than_the_limit_are_refused_with_a_code() throws Exception {
    String deep =
        "{ __schema { types { fields { type "
            + "{ ofType ".repeat(10)
            + "{ name }"
            + " }".repeat(10)
            + " } } } }";
    JsonNode refused = query(deep, Map.of());
    assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("QUERY_TOO_COMPLEX");
    assertThat(refused.at("/errors/0/message").asText()).containsIgnoringCase("depth");
  }

  @Test
  void queries_over_the_cost_limit_are_refused_before_they_run() throws Exception {
    StringBuilder costly = new StringBuilder("{");
    for (int i = 0; i < 120; i++) {
      costly
          .append(" l")
          .append(i)
          .append(": lineage(id: \"orders.raw\") { nodes { id depth side } }");
    }
    costly.append(" }");
    JsonNode refused = query(costly.toString(), Map.of());
    assertThat(refused.at("/errors/0/message").asText()).containsIgnoringCase("complexity");
    assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("QUERY_TOO_COMPLEX");
    assertThat(refused.path("data").isMissingNode() || refused.path("data").isNull()).isTrue();
  }
}
