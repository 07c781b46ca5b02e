package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may send every mutation of the API, and what everyone else is told: one row per mutation,
 * over real HTTP with real tokens, each on a fresh little mesh of its own. The cast:
 *
 * <ul>
 *   <li>{@code root}: platform admin (token role), in no team;
 *   <li>{@code ada}: auditor (token role), in no team: no command right comes with it;
 *   <li>{@code dora}: owner of the domain, in no team;
 *   <li>{@code lee} (lead) and {@code mia} (member) of the producing team, which owns product P;
 *   <li>{@code stu}: steward of P, in no team;
 *   <li>{@code cal} (lead) and {@code cam} (member) of the consuming team, which owns product C;
 *   <li>{@code oz}: signed in, nothing else.
 * </ul>
 *
 * A refused person changes nothing, so every refusal of a row is tried on the same mesh; each
 * person who may is tried on a fresh one.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoleMatrixTest {

  private static final String SCHEMA_V1 =
      "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
  private static final String SCHEMA_V2 =
      "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
          + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
  private static final List<String> CAST =
      List.of("root", "ada", "dora", "lee", "mia", "stu", "cal", "cam", "oz");

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  private GraphQlClient client;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, String> inputTypes = new HashMap<>();
  private int meshes;

  /** One mesh's ids: teams, products, and what a row's set-up opened. */
  record Mesh(String producers, String consumers, String p, String c, Map<String, String> made) {}

  record Row(
      String mutation,
      Function<Mesh, Map<String, Object>> input,
      List<String> may,
      Map<String, String> mayNot,
      SetUp setUp) {}

  @FunctionalInterface
  interface SetUp {
    void on(Mesh mesh) throws Exception;
  }

  private static final SetUp NOTHING = mesh -> {};

  private static Map<String, String> refused(String code, String... people) {
    Map<String, String> refusals = new LinkedHashMap<>();
    for (String person : people) {
      refusals.put(person, code);
    }
    return refusals;
  }

  private static Map<String, String> and(Map<String, String> a, Map<String, String> b) {
    Map<String, String> both = new LinkedHashMap<>(a);
    both.putAll(b);
    return both;
  }

  private List<Row> rows() {
    List<String> producerSide = List.of("lee", "mia", "stu");
    Map<String, String> notProducer =
        refused("NOT_OWNER_OR_STEWARD", "root", "dora", "cal", "cam", "oz");
    Map<String, String> notReceiving =
        refused("NOT_RECEIVING_TEAM_MEMBER", "root", "dora", "lee", "mia", "stu", "oz");
    SetUp transferOpen =
        m -> {
          ok(
              "lee",
              "requestOwnershipTransfer",
              Map.of(
                  "productId",
                  m.p(),
                  "targetTeam",
                  m.consumers(),
                  "reason",
                  "matrix",
                  "transferId",
                  "trf_m"));
        };
    SetUp subscriptionPending =
        m ->
            ok(
                "cam",
                "requestSubscription",
                Map.of(
                    "product",
                    m.p(),
                    "consumerTeam",
                    m.consumers(),
                    "purpose",
                    "matrix",
                    "subscriptionId",
                    m.made().get("sub")));
    SetUp subscriptionApproved =
        m -> {
          subscriptionPending.on(m);
          ok("lee", "approveSubscription", Map.of("subscriptionId", m.made().get("sub")));
        };
    Map<String, Object> sla =
        Map.of(
            "freshness",
            "PT1H",
            "availability",
            99.0,
            "supportHours",
            "office hours",
            "contact",
            "#p",
            "retentionDays",
            30,
            "noticeDays",
            7);
    return List.of(
        new Row(
            "registerDomain",
            m ->
                Map.of(
                    "domainId",
                    "mxd" + m.p().hashCode() % 100000,
                    "name",
                    "D",
                    "owners",
                    List.of("dora")),
            List.of("root"),
            refused("ADMIN_ONLY", "dora", "lee", "mia", "stu", "cal", "cam", "oz"),
            NOTHING),
        new Row(
            "registerTeam",
            m ->
                Map.of(
                    "teamId",
                    m.producers() + "-new",
                    "name",
                    "New",
                    "domain",
                    "matrix",
                    "lead",
                    "oz"),
            List.of("root", "dora"),
            refused("NOT_DOMAIN_OWNER", "lee", "mia", "stu", "cal", "cam", "oz"),
            NOTHING),
        new Row(
            "addTeamMember",
            m -> Map.of("teamId", m.producers(), "person", "newbie"),
            List.of("root", "lee"),
            and(
                refused("NOT_TEAM_LEAD", "mia"),
                refused("NOT_A_TEAM_MEMBER", "dora", "stu", "cal", "cam", "oz")),
            NOTHING),
        new Row(
            "removeTeamMember",
            m -> Map.of("teamId", m.producers(), "person", "mia"),
            List.of("root", "lee", "mia"),
            refused("NOT_A_TEAM_MEMBER", "dora", "stu", "cal", "cam", "oz"),
            NOTHING),
        new Row(
            "changeTeamMemberRole",
            m -> Map.of("teamId", m.producers(), "person", "mia", "role", "LEAD"),
            List.of("root", "lee"),
            and(
                refused("NOT_TEAM_LEAD", "mia"),
                refused("NOT_A_TEAM_MEMBER", "dora", "stu", "cal", "cam", "oz")),
            NOTHING),
        new Row(
            "registerDataProduct",
            m -> Map.of("productId", m.p() + "-new", "owningTeam", m.producers()),
            List.of("lee", "mia"),
            refused("NOT_A_TEAM_MEMBER", "root", "dora", "stu", "cal", "cam", "oz"),
            NOTHING),
        new Row(
            "updateDataProduct",
            m -> Map.of("productId", m.p(), "description", "new words"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "assignSteward",
            m -> Map.of("productId", m.p(), "steward", "sue"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "deprecateDataProduct",
            m -> Map.of("productId", m.p(), "sunsetDate", "2099-01-01"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "retireDataProduct",
            m -> Map.of("productId", m.p()),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "requestOwnershipTransfer",
            m -> Map.of("productId", m.p(), "targetTeam", m.consumers(), "reason", "matrix"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "acceptOwnershipTransfer",
            m -> Map.of("productId", m.p(), "transferId", "trf_m"),
            List.of("cal", "cam"),
            // lee asked: four-eyes names that first
            and(notReceiving, refused("SELF_APPROVAL", "lee")),
            transferOpen),
        new Row(
            "rejectOwnershipTransfer",
            m -> Map.of("productId", m.p(), "transferId", "trf_m"),
            List.of("cal", "cam"),
            notReceiving,
            transferOpen),
        new Row(
            "cancelOwnershipTransfer",
            m -> Map.of("productId", m.p(), "transferId", "trf_m"),
            producerSide,
            notProducer,
            transferOpen),
        // an admin passes the role check and meets the next rule: the request has not expired
        new Row(
            "expireOwnershipTransfer",
            m -> Map.of("productId", m.p(), "transferId", "trf_m"),
            List.of(),
            and(
                refused("TRANSFER_NOT_EXPIRED", "root"),
                refused("ADMIN_ONLY", "dora", "lee", "mia", "stu", "cal", "cam", "oz")),
            transferOpen),
        new Row(
            "publishSchemaVersion",
            m -> Map.of("productId", m.p(), "avroSchema", SCHEMA_V2),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "publishServiceLevelAgreement",
            m -> Map.of("productId", m.p(), "sla", sla),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "changeCompatibilityMode",
            m -> Map.of("productId", m.p(), "compatibilityMode", "FULL"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "declareUpstream",
            m -> Map.of("productId", m.c(), "upstream", m.p()),
            List.of("cal", "cam"),
            refused("NOT_OWNER_OR_STEWARD", "root", "dora", "lee", "mia", "stu", "oz"),
            NOTHING),
        new Row(
            "removeUpstream",
            m -> Map.of("productId", m.c(), "upstream", m.p()),
            List.of("cal", "cam"),
            refused("NOT_OWNER_OR_STEWARD", "root", "dora", "lee", "mia", "stu", "oz"),
            m -> ok("cal", "declareUpstream", Map.of("productId", m.c(), "upstream", m.p()))),
        new Row(
            "bindDataset",
            m -> Map.of("productId", m.p(), "namespace", "kafka://matrix", "name", m.p() + ".v1"),
            producerSide,
            notProducer,
            NOTHING),
        new Row(
            "unbindDataset",
            m -> Map.of("productId", m.p(), "namespace", "kafka://matrix", "name", m.p() + ".v1"),
            producerSide,
            notProducer,
            m ->
                ok(
                    "lee",
                    "bindDataset",
                    Map.of(
                        "productId", m.p(), "namespace", "kafka://matrix", "name", m.p() + ".v1"))),
        new Row(
            "requestSubscription",
            m -> Map.of("product", m.p(), "consumerTeam", m.consumers(), "purpose", "matrix"),
            List.of("cal", "cam"),
            refused("NOT_A_TEAM_MEMBER", "root", "dora", "lee", "mia", "stu", "oz"),
            NOTHING),
        new Row(
            "approveSubscription",
            m -> Map.of("subscriptionId", m.made().get("sub")),
            producerSide,
            and(
                refused("SELF_APPROVAL", "cam"),
                refused("NOT_OWNER_OR_STEWARD", "root", "dora", "cal", "oz")),
            subscriptionPending),
        new Row(
            "rejectSubscription",
            m -> Map.of("subscriptionId", m.made().get("sub")),
            producerSide,
            and(
                refused("SELF_REJECTION", "cam"),
                refused("NOT_OWNER_OR_STEWARD", "root", "dora", "cal", "oz")),
            subscriptionPending),
        new Row(
            "cancelSubscription",
            m -> Map.of("subscriptionId", m.made().get("sub")),
            List.of("cal", "cam"),
            refused("NOT_A_TEAM_MEMBER", "root", "dora", "lee", "mia", "stu", "oz"),
            subscriptionPending),
        new Row(
            "revokeSubscription",
            m -> Map.of("subscriptionId", m.made().get("sub")),
            producerSide,
            refused("NOT_OWNER_OR_STEWARD", "root", "dora", "cal", "cam", "oz"),
            subscriptionApproved),
        // the bulk form decides each change by its own mutation's rules
        new Row(
            "applyChanges",
            m ->
                Map.of(
                    "changes",
                    List.of(
                        Map.of(
                            "updateDataProduct",
                            Map.of("productId", m.p(), "description", "imported words")))),
            producerSide,
            notProducer,
            NOTHING),
        // everyone marks only their own items: nobody is refused
        new Row("markRead", m -> Map.of("all", true), CAST, Map.of(), NOTHING),
        new Row(
            "createCheckpoint",
            m -> Map.of(),
            List.of("root", "ada"),
            refused("FORBIDDEN", "dora", "lee", "mia", "stu", "cal", "cam", "oz"),
            NOTHING));
  }

  @Test
  void every_mutation_has_its_row_and_every_row_holds() throws Exception {
    client = new GraphQlClient(port, dataDir);
    for (String person : CAST) {
      tokens.put(person, tokenOf(person));
    }
    JsonNode mutations =
        client.query(
            tokens.get("oz"),
            "{ __type(name: \"Mutation\") { fields { name args { name type { ofType { name } } } } } }",
            Map.of());
    TreeSet<String> inSchema = new TreeSet<>();
    for (JsonNode field : mutations.at("/data/__type/fields")) {
      inSchema.add(field.path("name").asText());
      inputTypes.put(field.path("name").asText(), field.at("/args/0/type/ofType/name").asText());
    }
    List<Row> rows = rows().stream().map(RoleMatrixTest::withAuditor).toList();
    assertThat(new TreeSet<>(rows.stream().map(Row::mutation).toList()))
        .as("a row for every mutation")
        .isEqualTo(inSchema);
    ok(
        "root",
        "registerDomain",
        Map.of("domainId", "matrix", "name", "Matrix", "owners", List.of("dora")));

    List<String> failures = new ArrayList<>();
    for (Row row : rows) {
      assertThat(new TreeSet<>(concat(row.may(), row.mayNot().keySet())))
          .as("%s names everyone", row.mutation())
          .isEqualTo(new TreeSet<>(CAST));
      Mesh mesh = mesh(row);
      for (var refusal : row.mayNot().entrySet()) {
        JsonNode answer = mutate(refusal.getKey(), row.mutation(), row.input().apply(mesh));
        String code =
            answer
                .at("/errors/0/extensions/rejection")
                .asText(answer.at("/errors/0/extensions/code").asText("none"));
        if (!code.equals(refusal.getValue())) {
          failures.add(
              row.mutation()
                  + " by "
                  + refusal.getKey()
                  + ": expected "
                  + refusal.getValue()
                  + ", got "
                  + answer);
        }
      }
      boolean first = true;
      for (String person : row.may()) {
        if (!first) {
          mesh = mesh(row);
        }
        first = false;
        JsonNode answer = mutate(person, row.mutation(), row.input().apply(mesh));
        if (answer.has("errors")) {
          failures.add(row.mutation() + " by " + person + ": expected success, got " + answer);
        }
      }
      // without a token nobody gets in
      HttpResponse<String> anonymous =
          client.post(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .writeValueAsString(
                      Map.of(
                          "query",
                          document(row.mutation()),
                          "variables",
                          Map.of("input", row.input().apply(mesh)))),
              null);
      if (anonymous.statusCode() != 401 || !anonymous.body().contains("UNAUTHENTICATED")) {
        failures.add(
            row.mutation()
                + " without a token: "
                + anonymous.statusCode()
                + " "
                + anonymous.body());
      }
    }
    assertThat(failures).isEmpty();
  }

  private String tokenOf(String person) {
    return switch (person) {
      case "root" -> client.token("root", "admin");
      case "ada" -> client.token("ada", "auditor");
      default -> client.token(person);
    };
  }

  /** The auditor holds no team role: wherever the outsider is refused, so is the auditor. */
  private static Row withAuditor(Row row) {
    if (row.may().contains("ada") || row.mayNot().containsKey("ada")) {
      return row;
    }
    if (row.may().contains("oz")) {
      return new Row(
          row.mutation(),
          row.input(),
          concat(row.may(), List.of("ada")),
          row.mayNot(),
          row.setUp());
    }
    return new Row(
        row.mutation(),
        row.input(),
        row.may(),
        and(row.mayNot(), refused(row.mayNot().get("oz"), "ada")),
        row.setUp());
  }

  @Test
  void the_history_is_verified_by_auditors_and_admins_only() throws Exception {
    client = new GraphQlClient(port, dataDir);
    for (String person : CAST) {
      JsonNode answer = client.query(tokenOf(person), "{ verifyHistory { intact } }", Map.of());
      if (person.equals("root") || person.equals("ada")) {
        assertThat(answer.at("/data/verifyHistory/intact").asBoolean())
            .as(answer.toString())
            .isTrue();
      } else {
        assertThat(answer.at("/errors/0/extensions/code").asText())
            .as(person)
            .isEqualTo("FORBIDDEN");
      }
    }
  }

  private static List<String> concat(List<String> a, java.util.Collection<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** A fresh mesh: two teams with their leads and members, a product each, P with a schema. */
  private Mesh mesh(Row row) throws Exception {
    int n = ++meshes;
    Mesh mesh =
        new Mesh(
            "mx-p" + n, "mx-c" + n, "matrix.p" + n, "matrix.c" + n, Map.of("sub", "sub_m" + n));
    ok(
        "dora",
        "registerTeam",
        Map.of("teamId", mesh.producers(), "name", "P", "domain", "matrix", "lead", "lee"));
    ok("lee", "addTeamMember", Map.of("teamId", mesh.producers(), "person", "mia"));
    ok(
        "dora",
        "registerTeam",
        Map.of("teamId", mesh.consumers(), "name", "C", "domain", "matrix", "lead", "cal"));
    ok("cal", "addTeamMember", Map.of("teamId", mesh.consumers(), "person", "cam"));
    ok(
        "lee",
        "registerDataProduct",
        Map.of("productId", mesh.p(), "owningTeam", mesh.producers(), "steward", "stu"));
    ok("lee", "publishSchemaVersion", Map.of("productId", mesh.p(), "avroSchema", SCHEMA_V1));
    ok("cal", "registerDataProduct", Map.of("productId", mesh.c(), "owningTeam", mesh.consumers()));
    row.setUp().on(mesh);
    return mesh;
  }

  private String document(String mutation) {
    if (mutation.equals("createCheckpoint")) {
      return "mutation { createCheckpoint { number } }";
    }
    String selection =
        switch (mutation) {
          case "markRead" -> "{ marked }";
          case "applyChanges" -> "{ count }";
          default -> "{ id }";
        };
    return "mutation($input: "
        + inputTypes.get(mutation)
        + "!) { "
        + mutation
        + "(input: $input) "
        + selection
        + " }";
  }

  private JsonNode mutate(String person, String mutation, Map<String, Object> input)
      throws Exception {
    return client.query(
        tokens.get(person),
        document(mutation),
        mutation.equals("createCheckpoint") ? Map.of() : Map.of("input", input));
  }

  private void ok(String person, String mutation, Map<String, Object> input) throws Exception {
    JsonNode answer = mutate(person, mutation, input);
    assertThat(answer.has("errors")).as("set-up %s by %s: %s", mutation, person, answer).isFalse();
  }
}
