package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.query.graphql.StoreHead;
import io.meshgov.testsupport.GraphQlClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Generated bad input for every mutation and every query argument, over real HTTP: thousands of
 * cases from one seed (printed, so a failure can be replayed). Whatever comes in, the answer is
 * never a 5xx, never INTERNAL, never names an internal class, SQL or Cypher, and a refused request
 * leaves the store and the graph exactly as they were.
 *
 * <p>{@code -Dmeshgov.test.bad-input.cases=N} (default 1500) and {@code
 * -Dmeshgov.test.bad-input.seed=S} size and replay a run.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadInputTest {

  private static final int CASES = Integer.getInteger("meshgov.test.bad-input.cases", 1500);
  private static final long SEED = Long.getLong("meshgov.test.bad-input.seed", 20261126L);

  /** What an answer must never show: class names, stack frames, SQL or Cypher. */
  private static final Pattern LEAK =
      Pattern.compile(
          "(java|javax|jakarta|org|com|io\\.meshgov)\\.[a-z]+\\.|Exception|\\bat [a-z]+\\.|"
              + "\\bselect .* from\\b|\\binsert into\\b|\\bMATCH \\(|\\bMERGE \\(|\\bUNWIND\\b",
          Pattern.CASE_INSENSITIVE);

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired Driver driver;
  @Autowired GraphProjector projector;
  @Autowired StoreHead storeHead;

  private final ObjectMapper json = new ObjectMapper();

  /** Each operation and its arguments: name to a kind of value. */
  private static final List<Operation> OPERATIONS =
      List.of(
          mutation("registerTeam", "RegisterTeamInput", "teamId", "name", "domain", "reason"),
          mutation("addTeamMember", "TeamMemberInput", "teamId", "person", "role", "reason"),
          mutation("removeTeamMember", "TeamMemberInput", "teamId", "person", "reason"),
          mutation(
              "registerDataProduct",
              "RegisterDataProductInput",
              "productId",
              "owningTeam",
              "steward",
              "description",
              "tags",
              "classification",
              "outputPort",
              "compatibilityMode",
              "reason"),
          mutation(
              "updateDataProduct",
              "UpdateDataProductInput",
              "productId",
              "description",
              "tags",
              "outputPort",
              "reason"),
          mutation("assignSteward", "AssignStewardInput", "productId", "steward", "reason"),
          mutation(
              "deprecateDataProduct",
              "DeprecateDataProductInput",
              "productId",
              "sunsetDate",
              "replacement",
              "reason"),
          mutation("retireDataProduct", "ProductInput", "productId", "reason"),
          mutation(
              "requestOwnershipTransfer",
              "RequestOwnershipTransferInput",
              "productId",
              "targetTeam",
              "reason",
              "transferId"),
          mutation("acceptOwnershipTransfer", "TransferInput", "productId", "transferId", "reason"),
          mutation("rejectOwnershipTransfer", "TransferInput", "productId", "transferId", "reason"),
          mutation("cancelOwnershipTransfer", "TransferInput", "productId", "transferId", "reason"),
          mutation("expireOwnershipTransfer", "TransferInput", "productId", "transferId", "reason"),
          mutation(
              "publishSchemaVersion",
              "PublishSchemaVersionInput",
              "productId",
              "avroSchema",
              "reason"),
          mutation(
              "changeCompatibilityMode",
              "ChangeCompatibilityModeInput",
              "productId",
              "compatibilityMode",
              "reason"),
          mutation(
              "declareUpstream",
              "DeclareUpstreamInput",
              "productId",
              "upstream",
              "fieldMappings",
              "reason"),
          mutation("removeUpstream", "RemoveUpstreamInput", "productId", "upstream", "reason"),
          mutation(
              "bindDataset", "DatasetBindingInput", "productId", "namespace", "name", "reason"),
          mutation(
              "unbindDataset", "DatasetBindingInput", "productId", "namespace", "name", "reason"),
          mutation(
              "requestSubscription",
              "RequestSubscriptionInput",
              "product",
              "consumerTeam",
              "consumingProduct",
              "purpose",
              "fieldsUsed",
              "subscriptionId",
              "reason"),
          mutation("approveSubscription", "SubscriptionInput", "subscriptionId", "reason"),
          mutation("rejectSubscription", "SubscriptionInput", "subscriptionId", "reason"),
          mutation("cancelSubscription", "SubscriptionInput", "subscriptionId", "reason"),
          mutation("revokeSubscription", "SubscriptionInput", "subscriptionId", "reason"),
          query("dataProduct", "{ id }", "id:ID!", "asOf:DateTime", "minPosition:Long"),
          query(
              "dataProducts",
              "{ edges { cursor } }",
              "first:Int",
              "after:String",
              "minPosition:Long"),
          query(
              "lineage",
              "{ root complete }",
              "id:ID!",
              "depth:Int",
              "asOf:DateTime",
              "minPosition:Long"),
          query(
              "fieldLineage", "{ root }", "id:ID!", "field:String!", "depth:Int", "asOf:DateTime"),
          query(
              "impact",
              "{ product }",
              "id:ID!",
              "removedFields:[String!]",
              "proposedSchema:String",
              "asOf:DateTime"),
          query("ownershipHistory", "{ product }", "id:ID!", "asOf:DateTime", "minPosition:Long"),
          query("search", "{ id }", "text:String!", "first:Int", "asOf:DateTime"),
          query("team", "{ id }", "id:ID!", "minPosition:Long"),
          query("dataSubscription", "{ id }", "id:ID!", "asOf:DateTime", "minPosition:Long"),
          query("dataset", "{ name }", "namespace:String!", "name:String!", "asOf:DateTime"),
          query(
              "datasets",
              "{ edges { cursor } }",
              "namespace:String",
              "text:String",
              "unownedOnly:Boolean",
              "first:Int",
              "after:String"),
          query("unownedDatasetCounts", "{ namespace }", "first:Int"),
          query(
              "lineageDrift",
              "{ kind }",
              "domain:String",
              "team:ID",
              "since:DateTime",
              "staleAfterDays:Int",
              "first:Int"),
          query("job", "{ name }", "namespace:String!", "name:String!"),
          query(
              "fieldMappings",
              "{ inputField }",
              "upstream:ID!",
              "downstream:ID!",
              "asOf:DateTime",
              "first:Int"),
          query("schemaVersions", "{ version }", "id:ID!", "minPosition:Long"),
          query("auditTrail", "{ hasMore }", "aggregateId:ID!", "after:Int", "first:Int"),
          query("dataProductAsOf", "{ id }", "id:ID!", "at:DateTime!"));

  record Operation(
      boolean mutation, String name, String type, String selection, List<String> args) {}

  private static Operation mutation(String name, String inputType, String... fields) {
    return new Operation(true, name, inputType, "{ id position }", List.of(fields));
  }

  private static Operation query(String name, String selection, String... args) {
    return new Operation(false, name, null, selection, List.of(args));
  }

  @Test
  void no_generated_input_breaks_the_service_leaks_internals_or_changes_anything_when_refused()
      throws Exception {
    System.out.printf("bad input: %d cases, seed %d%n", CASES, SEED);
    Random random = new Random(SEED);
    GraphQlClient client = new GraphQlClient(port, dataDir);
    String token = client.token("mallory");
    client.domains("m");
    // a little real state, so that some ids exist and rules are reached
    client.query(
        token,
        "mutation { registerTeam(input: {teamId: \"m-team\", name: \"M\", domain: \"m\"}) { id } }",
        Map.of());
    client.query(
        token,
        "mutation { registerDataProduct(input: {productId: \"m.p\", owningTeam: \"m-team\"}) { id } }",
        Map.of());

    int refused = 0;
    // the graph as it stands; a refused case leaves it so, so it is read again only after a change
    String before = null;
    for (int i = 0; i < CASES; i++) {
      Operation operation = OPERATIONS.get(random.nextInt(OPERATIONS.size()));
      Map<String, Object> body = request(operation, random);
      if (before == null) {
        before = settledChecksum();
      }
      long headBefore = storeHead.position();

      HttpResponse<String> response = client.post(json.writeValueAsString(body), token);

      String replay = "case " + i + " (seed " + SEED + "): " + operation.name() + " " + body;
      assertThat(response.statusCode()).as(replay).isLessThan(500);
      JsonNode answer = json.readTree(response.body());
      for (JsonNode error : answer.path("errors")) {
        assertThat(error.at("/extensions/code").asText()).as(replay).isNotIn("INTERNAL", "");
        String message = withoutEchoedInput(error.path("message").asText());
        assertThat(LEAK.matcher(message).find()).as(replay + " leaks: " + message).isFalse();
      }
      boolean changed =
          operation.mutation()
              && answer.path("errors").isMissingNode()
              && !answer.path("data").path(operation.name()).isMissingNode();
      if (changed) {
        before = null;
      } else {
        refused++;
        assertThat(storeHead.position()).as(replay).isEqualTo(headBefore);
        assertThat(GraphChecksum.of(driver)).as(replay).isEqualTo(before);
      }
    }
    assertThat(refused).as("most generated inputs are bad").isGreaterThan(CASES / 2);
  }

  /**
   * The message without what the caller sent (a refusal may quote the rejected value, which is the
   * caller's own text, not a leak): quoted parts and the generator's hostile values go.
   */
  private static String withoutEchoedInput(String message) {
    String stripped = message.replaceAll("'[^']*'", "''").replaceAll("\"[^\"]*\"", "\"\"");
    for (String hostile : HOSTILE) {
      stripped = stripped.replace(hostile, "");
    }
    return stripped;
  }

  private static final List<String> HOSTILE =
      List.of(
          "' OR 1=1; DROP TABLE domain_event_entry; --",
          "\"}) MATCH (n) DETACH DELETE n //",
          "}) MATCH (n) DETACH DELETE n //");

  /** The graph's checksum once it has applied everything in the store. */
  private String settledChecksum() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> projector.position() >= storeHead.position());
    return GraphChecksum.of(driver);
  }

  private Map<String, Object> request(Operation operation, Random random) {
    Map<String, Object> variables = new HashMap<>();
    StringBuilder declarations = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    String document;
    if (operation.mutation()) {
      Map<String, Object> input = new HashMap<>();
      for (String field : operation.args()) {
        if (random.nextInt(4) > 0) {
          input.put(field, value(field, random));
        }
      }
      variables.put("input", random.nextInt(20) == 0 ? value("any", random) : input);
      document =
          "mutation($input: "
              + operation.type()
              + "!) { "
              + operation.name()
              + "(input: $input) "
              + operation.selection()
              + " }";
    } else {
      List<String> used = new ArrayList<>();
      for (String arg : operation.args()) {
        String name = arg.substring(0, arg.indexOf(':'));
        String type = arg.substring(arg.indexOf(':') + 1);
        if (type.endsWith("!") || random.nextInt(3) > 0) {
          used.add(name);
          declarations
              .append(declarations.length() == 0 ? "" : ", ")
              .append("$")
              .append(name)
              .append(": ")
              .append(type);
          arguments
              .append(arguments.length() == 0 ? "" : ", ")
              .append(name)
              .append(": $")
              .append(name);
          variables.put(name, value(name, random));
        }
      }
      String aliases = operation.name() + "(" + arguments + ") " + operation.selection();
      document =
          "query"
              + (declarations.length() == 0 ? "" : "(" + declarations + ")")
              + " { "
              + (arguments.length() == 0 ? operation.name() + " " + operation.selection() : aliases)
              + " }";
    }
    Map<String, Object> body = new HashMap<>();
    body.put("query", document);
    body.put("variables", variables);
    return body;
  }

  /** A value for a field: mostly hostile, sometimes plausible, sometimes of the wrong type. */
  private static Object value(String field, Random random) {
    return switch (random.nextInt(16)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> "x".repeat(1 + random.nextInt(300_000));
      case 3 -> "' OR 1=1; DROP TABLE domain_event_entry; --";
      case 4 -> "\"}) MATCH (n) DETACH DELETE n //";
      case 5 -> "ünïcødé-名前-🚀\u0000\u202e";
      case 6 -> random.nextLong();
      case 7 -> List.of("a", 1, List.of());
      case 8 -> Map.of("nested", Map.of("deeper", List.of(1, 2, 3)));
      case 9 -> -random.nextInt(1_000_000);
      case 10 -> "+1000000000-01-01T00:00:00Z";
      case 11 -> plausible(field, random);
      case 12 -> List.of("x".repeat(300), "y");
      case 13 -> java.util.Collections.nCopies(600, "f");
      case 14 -> 1e300;
      default -> plausible(field, random);
    };
  }

  private static Object plausible(String field, Random random) {
    return switch (field) {
      case "teamId", "owningTeam", "targetTeam", "consumerTeam" ->
          random.nextBoolean() ? "m-team" : "no-team";
      case "productId",
          "upstream",
          "downstream",
          "replacement",
          "product",
          "consumingProduct",
          "id" ->
          random.nextBoolean() ? "m.p" : "m.other";
      case "transferId" -> "trf_" + random.nextInt(5);
      case "subscriptionId" -> "sub_" + random.nextInt(5);
      case "person", "steward" -> random.nextBoolean() ? "mallory" : "system";
      case "role" -> random.nextBoolean() ? "LEAD" : "KING";
      case "classification" -> "SECRET";
      case "compatibilityMode" -> random.nextBoolean() ? "FULL" : "NONE_AT_ALL";
      case "sunsetDate" -> random.nextBoolean() ? "2020-01-01" : "not a date";
      case "avroSchema", "proposedSchema" ->
          "{\"type\":\"record\",\"name\":\"R\",\"fields\":" + random.nextInt() + "}";
      case "fieldMappings" -> List.of(Map.of("outputField", "", "inputFields", List.of()));
      case "tags", "fieldsUsed", "removedFields" -> List.of("UPPER CASE", "");
      case "minPosition" -> random.nextBoolean() ? -1L : Long.MAX_VALUE;
      case "first", "depth", "after" -> random.nextBoolean() ? -5 : 1_000_000;
      case "asOf", "at" -> random.nextBoolean() ? "yesterday" : "0000-01-01T00:00:00Z";
      default -> "m";
    };
  }
}
