package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Stewards and engineers at the front door: mutations over real HTTP with tokens from bin/token,
 * the four-eyes transfer, a breaking schema change, and the error codes they meet.
 */
// each class has its own data folder: close its application (Neo4j, H2, Tomcat) when done
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class GraphQlMutationsTest {

  private static final String SCHEMA_V1 =
      "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  private GraphQlClient client;
  private String alice;
  private String bob;

  @BeforeEach
  void signIn() throws Exception {
    client = new GraphQlClient(port, dataDir);
    alice = client.token("alice");
    bob = client.token("bob");
    client.domains("audit", "cards", "finance", "payments", "reading", "roles", "writing");
  }

  private JsonNode mutate(String token, String mutation, Map<String, Object> input)
      throws Exception {
    return client.query(
        token,
        "mutation($input: "
            + inputType(mutation)
            + "!) { "
            + mutation
            + "(input: $input) { id position createdId } }",
        Map.of("input", input));
  }

  private static String inputType(String mutation) {
    return switch (mutation) {
      case "addTeamMember", "removeTeamMember" -> "TeamMemberInput";
      case "acceptOwnershipTransfer", "rejectOwnershipTransfer", "cancelOwnershipTransfer" ->
          "TransferInput";
      case "retireDataProduct" -> "ProductInput";
      default -> Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
    };
  }

  private static JsonNode ok(JsonNode answer) {
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.path("data");
  }

  private static void refused(JsonNode answer, String code, String rejection) {
    assertThat(answer.at("/errors/0/extensions/code").asText())
        .as(answer.toString())
        .isEqualTo(code);
    if (rejection != null) {
      assertThat(answer.at("/errors/0/extensions/rejection").asText()).isEqualTo(rejection);
    }
  }

  private static final String APPLY =
      "mutation($input: ApplyChangesInput!) { applyChanges(input: $input) { count position"
          + " changes { id position createdId } } }";

  @Test
  void a_refused_registration_is_the_callers_answer_not_a_warning_with_a_stack_trace(
      CapturedOutput output) throws Exception {
    Map<String, Object> team = Map.of("teamId", "twice", "name", "Twice", "domain", "finance");
    ok(mutate(alice, "registerTeam", team));

    refused(mutate(alice, "registerTeam", team), "CONFLICT", null);
    // Axon logs every creation its aggregate refuses as a WARN with the stack trace: one an
    // ordinary member could cause per request (RefusedCreationLogFilter drops that one)
    assertThat(output.getAll()).doesNotContain("Exception occurred while trying to create");
    // nor one for a command to a product nobody registered
    refused(
        mutate(alice, "retireDataProduct", Map.of("productId", "finance.nobody")),
        "NOT_FOUND",
        "PRODUCT_NOT_FOUND");
    assertThat(output.getAll()).doesNotContain("Exception occurred while trying to load");
  }

  @Test
  void an_import_applies_many_changes_as_one_and_a_refused_one_stores_nothing() throws Exception {
    List<Map<String, Object>> changes =
        List.of(
            Map.of(
                "registerTeam",
                Map.of("teamId", "import-team", "name", "Imported", "domain", "finance")),
            Map.of("addTeamMember", Map.of("teamId", "import-team", "person", "bob")),
            Map.of(
                "registerDataProduct",
                Map.of("productId", "finance.imported-a", "owningTeam", "import-team")),
            Map.of(
                "registerDataProduct",
                Map.of("productId", "finance.imported-b", "owningTeam", "import-team")),
            Map.of(
                "publishSchemaVersion",
                Map.of("productId", "finance.imported-a", "avroSchema", SCHEMA_V1)),
            Map.of(
                "declareUpstream",
                Map.of("productId", "finance.imported-b", "upstream", "finance.imported-a")),
            // refused: b reads a, so a may not read b
            Map.of(
                "declareUpstream",
                Map.of("productId", "finance.imported-a", "upstream", "finance.imported-b")));
    JsonNode refused =
        client.query(
            alice, APPLY, Map.of("input", Map.of("changes", changes, "reason", "migration")));
    refused(refused, "LINEAGE_CYCLE", "LINEAGE_CYCLE");
    assertThat(refused.at("/errors/0/extensions/commandIndex/0").asText()).isEqualTo("6");
    assertThat(refused.at("/errors/0/message").asText()).contains("command 6 of 7", "nothing");
    // nothing of it: the team is still free to register
    assertThat(
            ok(client.query(alice, "{ team(id: \"import-team\") { id } }", Map.of()))
                .path("team")
                .isNull())
        .isTrue();

    JsonNode applied =
        ok(client.query(
                alice,
                APPLY,
                Map.of("input", Map.of("changes", changes.subList(0, 6), "reason", "migration"))))
            .path("applyChanges");
    assertThat(applied.path("count").asInt()).isEqualTo(6);
    assertThat(applied.at("/changes/5/id").asText()).isEqualTo("finance.imported-b");
    long position = applied.path("position").asLong();
    JsonNode lineage =
        ok(
            client.query(
                alice,
                "query($p: Long) { lineage(id: \"finance.imported-a\", minPosition: $p) { nodes { id } } team(id: \"import-team\") { members { person } } }",
                Map.of("p", position)));
    assertThat(lineage.at("/lineage/nodes").toString()).contains("finance.imported-b");
    assertThat(lineage.at("/team/members").toString()).contains("alice", "bob");
    // each change keeps the reason of the whole and its own events
    JsonNode trail =
        ok(
            client.query(
                alice,
                "{ auditTrail(aggregateId: \"finance.imported-a\") { events { type reason } } }",
                Map.of()));
    assertThat(trail.at("/auditTrail/events/1/type").asText()).contains("SchemaVersionPublished");
    assertThat(trail.at("/auditTrail/events/1/reason").asText()).isEqualTo("migration");
    // a change names exactly one thing, and carries no reason of its own
    refused(
        client.query(alice, APPLY, Map.of("input", Map.of("changes", List.of(Map.of())))),
        "INVALID_INPUT",
        null);
    refused(
        client.query(
            alice,
            APPLY,
            Map.of(
                "input",
                Map.of(
                    "changes",
                    List.of(
                        Map.of(
                            "addTeamMember",
                            Map.of("teamId", "import-team", "person", "carol", "reason", "x")))))),
        "INVALID_INPUT",
        null);
  }

  @Test
  void the_steward_transfers_ownership_with_four_eyes_and_history_shows_both_owners()
      throws Exception {
    ok(
        mutate(
            alice,
            "registerTeam",
            Map.of("teamId", "payments-core", "name", "Payments", "domain", "payments")));
    ok(
        mutate(
            bob,
            "registerTeam",
            Map.of("teamId", "finance", "name", "Finance", "domain", "finance")));
    ok(mutate(bob, "addTeamMember", Map.of("teamId", "finance", "person", "alice")));
    ok(
        mutate(
            alice,
            "registerDataProduct",
            Map.of(
                "productId",
                "payments.settlements",
                "owningTeam",
                "payments-core",
                "tags",
                List.of("payments"))));

    JsonNode requested =
        ok(
            mutate(
                alice,
                "requestOwnershipTransfer",
                Map.of(
                    "productId",
                    "payments.settlements",
                    "targetTeam",
                    "finance",
                    "reason",
                    "finance owns settlement now")));
    String transfer = requested.at("/requestOwnershipTransfer/createdId").asText();
    assertThat(transfer).startsWith("trf_");

    // expiring by hand is the platform admin's (the deadline does it by itself); the admin's
    // token carries the role through to the aggregate, which then finds the request still open
    String expire =
        "mutation($input: TransferInput!) { expireOwnershipTransfer(input: $input) { id } }";
    Map<String, Object> input =
        Map.of("input", Map.of("productId", "payments.settlements", "transferId", transfer));
    refused(client.query(alice, expire, input), "FORBIDDEN", "ADMIN_ONLY");
    refused(
        client.query(client.token("root", "admin"), expire, input),
        "CONFLICT",
        "TRANSFER_NOT_EXPIRED");

    // alice asked, so alice may not accept, although she is in the receiving team
    refused(
        mutate(
            alice,
            "acceptOwnershipTransfer",
            Map.of("productId", "payments.settlements", "transferId", transfer)),
        "FORBIDDEN",
        "SELF_APPROVAL");
    JsonNode accepted =
        ok(
            mutate(
                bob,
                "acceptOwnershipTransfer",
                Map.of("productId", "payments.settlements", "transferId", transfer)));
    long position = accepted.at("/acceptOwnershipTransfer/position").asLong();

    JsonNode history =
        ok(
            client.query(
                bob,
                "query($min: Long) { ownershipHistory(id: \"payments.settlements\", minPosition: $min) "
                    + "{ currentOwner owners { team until requestedBy approvedBy } transfers { status } } }",
                Map.of("min", position)));
    assertThat(history.at("/ownershipHistory/currentOwner").asText()).isEqualTo("finance");
    assertThat(history.at("/ownershipHistory/owners/0/team").asText()).isEqualTo("payments-core");
    assertThat(history.at("/ownershipHistory/owners/0/until").isNull()).isFalse();
    assertThat(history.at("/ownershipHistory/owners/1/approvedBy").asText()).isEqualTo("bob");
    assertThat(history.at("/ownershipHistory/transfers/0/status").asText()).isEqualTo("ACCEPTED");
  }

  @Test
  void a_platform_admin_registers_a_domain_whose_owners_register_its_teams_and_nobody_squats_it()
      throws Exception {
    String admin = client.token("root", "admin");
    Map<String, Object> risk =
        Map.of(
            "domainId",
            "risk",
            "name",
            "Risk",
            "description",
            "credit risk",
            "owners",
            List.of("alice"));
    refused(mutate(alice, "registerDomain", risk), "FORBIDDEN", "ADMIN_ONLY");
    JsonNode registered = ok(mutate(admin, "registerDomain", risk));
    assertThat(registered.at("/registerDomain/id").asText()).isEqualTo("domain:risk");
    refused(
        mutate(
            bob, "registerTeam", Map.of("teamId", "risk-squat", "name", "Squat", "domain", "risk")),
        "FORBIDDEN",
        "NOT_DOMAIN_OWNER");
    refused(
        mutate(
            alice,
            "registerTeam",
            Map.of("teamId", "nowhere-team", "name", "N", "domain", "nowhere")),
        "NOT_FOUND",
        "DOMAIN_NOT_FOUND");
    // alice owns the domain and registers a team led by bob, which she does not join
    ok(
        mutate(
            alice,
            "registerTeam",
            Map.of("teamId", "risk-core", "name", "Risk core", "domain", "risk", "lead", "bob")));
    refused(
        mutate(
            bob,
            "registerDataProduct",
            Map.of("productId", "payments.risky", "owningTeam", "risk-core")),
        "INVALID_INPUT",
        "PRODUCT_OUTSIDE_DOMAIN");
    long position =
        ok(mutate(
                bob,
                "registerDataProduct",
                Map.of("productId", "risk.scores", "owningTeam", "risk-core")))
            .at("/registerDataProduct/position")
            .asLong();
    JsonNode domain =
        ok(
            client.query(
                bob,
                "query($at: Long) { domain(id: \"risk\", minPosition: $at) { name owners teams products } "
                    + "team(id: \"risk-core\") { members { person role } } }",
                Map.of("at", position)));
    assertThat(domain.at("/domain/name").asText()).isEqualTo("Risk");
    assertThat(domain.at("/domain/owners").toString()).isEqualTo("[\"alice\"]");
    assertThat(domain.at("/domain/teams").toString()).isEqualTo("[\"risk-core\"]");
    assertThat(domain.at("/domain/products").toString()).isEqualTo("[\"risk.scores\"]");
    assertThat(domain.at("/team/members").toString()).contains("bob").doesNotContain("alice");
    JsonNode all = ok(client.query(bob, "{ domains { id } }", Map.of()));
    assertThat(all.at("/domains").findValuesAsText("id")).contains("risk", "payments");
  }

  @Test
  void leads_run_their_team_members_may_leave_and_a_team_keeps_a_lead() throws Exception {
    Map<String, Object> bobInRoles = Map.of("teamId", "roles-team", "person", "bob");
    ok(
        mutate(
            alice,
            "registerTeam",
            Map.of("teamId", "roles-team", "name", "Roles", "domain", "roles")));
    ok(mutate(alice, "addTeamMember", bobInRoles));
    refused(
        mutate(bob, "removeTeamMember", Map.of("teamId", "roles-team", "person", "alice")),
        "FORBIDDEN",
        "NOT_TEAM_LEAD");
    refused(
        mutate(alice, "removeTeamMember", Map.of("teamId", "roles-team", "person", "alice")),
        "CONFLICT",
        "LAST_LEAD");
    ok(
        mutate(
            alice,
            "changeTeamMemberRole",
            Map.of("teamId", "roles-team", "person", "bob", "role", "LEAD")));
    long left =
        ok(mutate(alice, "removeTeamMember", Map.of("teamId", "roles-team", "person", "alice")))
            .at("/removeTeamMember/position")
            .asLong();
    // a platform admin may add to any team
    ok(
        mutate(
            client.token("root", "admin"),
            "addTeamMember",
            Map.of("teamId", "roles-team", "person", "carol")));
    JsonNode team =
        ok(
            client.query(
                bob,
                "query($at: Long) { team(id: \"roles-team\", minPosition: $at) { members { person role } } }",
                Map.of("at", left)));
    assertThat(team.at("/team/members/0/person").asText()).isEqualTo("bob");
    assertThat(team.at("/team/members/0/role").asText()).isEqualTo("LEAD");
  }

  @Test
  void the_engineer_sees_a_breaking_change_refused_and_asks_what_removing_the_field_would_break()
      throws Exception {
    ok(
        mutate(
            alice, "registerTeam", Map.of("teamId", "cards", "name", "Cards", "domain", "cards")));
    for (String product : List.of("cards.auth", "cards.fraud")) {
      ok(mutate(alice, "registerDataProduct", Map.of("productId", product, "owningTeam", "cards")));
      ok(
          mutate(
              alice,
              "publishSchemaVersion",
              Map.of("productId", product, "avroSchema", SCHEMA_V1)));
    }
    ok(
        mutate(
            alice,
            "changeCompatibilityMode",
            Map.of("productId", "cards.auth", "compatibilityMode", "FULL")));
    long position =
        ok(mutate(
                alice,
                "declareUpstream",
                Map.of(
                    "productId", "cards.fraud",
                    "upstream", "cards.auth",
                    "fieldMappings",
                        List.of(
                            Map.of("outputField", "amount", "inputFields", List.of("amount"))))))
            .at("/declareUpstream/position")
            .asLong();

    JsonNode breaking =
        mutate(
            alice,
            "publishSchemaVersion",
            Map.of(
                "productId",
                "cards.auth",
                "avroSchema",
                "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"));
    refused(breaking, "BREAKING_CHANGE", "INCOMPATIBLE_SCHEMA");
    assertThat(breaking.at("/errors/0/extensions/violations/0").asText())
        .contains("FORWARD against version 1");

    JsonNode impact =
        ok(
            client.query(
                alice,
                "query($min: Long) { impact(id: \"cards.auth\", removedFields: [\"amount\"], minPosition: $min) "
                    + "{ products { id path } teamsToNotify } }",
                Map.of("min", position)));
    assertThat(impact.at("/impact/products/0/id").asText()).isEqualTo("cards.fraud");
    JsonNode proposed =
        ok(
            client.query(
                alice,
                "query($s: String!) { impact(id: \"cards.auth\", proposedSchema: $s) { changedFields products { id } } }",
                Map.of(
                    "s",
                    "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"string\"}]}")));
    assertThat(proposed.at("/impact/changedFields").toString()).isEqualTo("[\"amount\"]");
    assertThat(proposed.at("/impact/products/0/id").asText()).isEqualTo("cards.fraud");
    // one rule on both sides: a default given to amount and a new field without a default are
    // what publishing touches, and what impact(proposedSchema:) follows
    String defaultAndNewField =
        "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"amount\",\"type\":\"long\",\"default\":0},{\"name\":\"currency\",\"type\":\"string\"}]}";
    JsonNode refusal =
        mutate(
            alice,
            "publishSchemaVersion",
            Map.of("productId", "cards.auth", "avroSchema", defaultAndNewField));
    refused(refusal, "BREAKING_CHANGE", "INCOMPATIBLE_SCHEMA");
    JsonNode asked =
        ok(
            client.query(
                alice,
                "query($s: String!) { impact(id: \"cards.auth\", proposedSchema: $s) { changedFields unknownFields } }",
                Map.of("s", defaultAndNewField)));
    assertThat(refusal.at("/errors/0/extensions/touchedFields").toString())
        .isEqualTo("[\"amount\",\"currency\"]");
    assertThat(asked.at("/impact/changedFields"))
        .isEqualTo(refusal.at("/errors/0/extensions/touchedFields"));
    assertThat(asked.at("/impact/unknownFields").toString()).isEqualTo("[\"currency\"]");
    refused(
        client.query(
            alice,
            "{ impact(id: \"cards.auth\", proposedSchema: \"{nope\") { changedFields } }",
            Map.of()),
        "INVALID_INPUT",
        null);

    refused(
        mutate(
            alice, "declareUpstream", Map.of("productId", "cards.auth", "upstream", "cards.fraud")),
        "LINEAGE_CYCLE",
        "LINEAGE_CYCLE");
    refused(
        mutate(
            alice, "registerTeam", Map.of("teamId", "cards", "name", "Again", "domain", "cards")),
        "CONFLICT",
        "TEAM_ALREADY_REGISTERED");
    refused(
        mutate(
            bob,
            "publishSchemaVersion",
            Map.of("productId", "cards.auth", "avroSchema", SCHEMA_V1)),
        "FORBIDDEN",
        "NOT_OWNER_OR_STEWARD");
    refused(
        mutate(
            alice, "registerDataProduct", Map.of("productId", "Not An Id", "owningTeam", "cards")),
        "INVALID_INPUT",
        null);
    refused(
        mutate(alice, "retireDataProduct", Map.of("productId", "cards.nothing")),
        "NOT_FOUND",
        "PRODUCT_NOT_FOUND");
  }

  @Test
  void the_auditor_reads_who_did_what_and_the_state_at_any_time() throws Exception {
    ok(mutate(alice, "registerTeam", Map.of("teamId", "audit-a", "name", "A", "domain", "audit")));
    ok(mutate(bob, "registerTeam", Map.of("teamId", "audit-b", "name", "B", "domain", "audit")));
    ok(
        mutate(
            alice,
            "registerDataProduct",
            Map.of("productId", "audit.ledger", "owningTeam", "audit-a", "description", "first")));
    String transfer =
        ok(mutate(
                alice,
                "requestOwnershipTransfer",
                Map.of(
                    "productId",
                    "audit.ledger",
                    "targetTeam",
                    "audit-b",
                    "reason",
                    "b keeps the books")))
            .at("/requestOwnershipTransfer/createdId")
            .asText();
    Thread.sleep(5); // the moment before the transfer is accepted, on the events' own clock
    String beforeAcceptance = java.time.Instant.now().toString();
    Thread.sleep(5);
    ok(
        mutate(
            bob,
            "acceptOwnershipTransfer",
            Map.of("productId", "audit.ledger", "transferId", transfer, "reason", "agreed")));

    JsonNode trail =
        ok(
            client.query(
                alice,
                "{ auditTrail(aggregateId: \"audit.ledger\") { events { sequence type revision actor reason correlationId causationId payload } hasMore } }",
                Map.of()));
    JsonNode events = trail.at("/auditTrail/events");
    assertThat(events).hasSize(3);
    assertThat(events.get(0).path("type").asText()).isEqualTo("DataProductRegisteredEvent");
    assertThat(events.get(0).path("revision").asText()).isEqualTo("1");
    assertThat(events.get(1).path("actor").asText()).isEqualTo("alice");
    assertThat(events.get(2).path("type").asText()).isEqualTo("OwnershipTransferAcceptedEvent");
    assertThat(events.get(2).path("actor").asText()).isEqualTo("bob");
    assertThat(events.get(2).path("reason").asText()).isEqualTo("agreed");
    assertThat(events.get(2).path("correlationId").asText()).isNotBlank();
    assertThat(events.get(2).path("payload").asText()).contains("\"toTeam\":\"audit-b\"");
    JsonNode page =
        ok(
            client.query(
                alice,
                "{ auditTrail(aggregateId: \"audit.ledger\", after: 0, first: 1) { events { sequence } hasMore } }",
                Map.of()));
    assertThat(page.at("/auditTrail/events/0/sequence").asInt()).isEqualTo(1);
    assertThat(page.at("/auditTrail/hasMore").asBoolean()).isTrue();

    JsonNode before =
        ok(
            client.query(
                alice,
                "query($at: DateTime!) { dataProductAsOf(id: \"audit.ledger\", at: $at) { owningTeam description eventsReplayed } }",
                Map.of("at", beforeAcceptance)));
    assertThat(before.at("/dataProductAsOf/owningTeam").asText()).isEqualTo("audit-a");
    assertThat(before.at("/dataProductAsOf/eventsReplayed").asInt()).isEqualTo(2);
    JsonNode now =
        ok(
            client.query(
                alice,
                "query($at: DateTime!) { dataProductAsOf(id: \"audit.ledger\", at: $at) { owningTeam } }",
                Map.of("at", java.time.Instant.now().plusSeconds(1).toString())));
    assertThat(now.at("/dataProductAsOf/owningTeam").asText()).isEqualTo("audit-b");
    refused(
        client.query(alice, "{ auditTrail(aggregateId: \"audit.nothing\") { hasMore } }", Map.of()),
        "NOT_FOUND",
        null);
    refused(
        client.query(alice, "{ auditTrail(aggregateId: \"DROP TABLE\") { hasMore } }", Map.of()),
        "INVALID_INPUT",
        null);
  }

  @Test
  void every_mutation_answers_with_the_object_it_changed() throws Exception {
    JsonNode team =
        ok(
            client.query(
                alice,
                "mutation { registerTeam(input: {teamId: \"readers\", name: \"Readers\", domain: \"reading\"}) "
                    + "{ id team { name members { person role } } } }",
                Map.of()));
    JsonNode again =
        client.query(alice, "{ team(id: \"readers\") { name members { person } } }", Map.of());
    assertThat(team.at("/registerTeam/team/members/0/person").asText())
        .as(team.toString())
        .isEqualTo("alice");
    ok(mutate(bob, "registerTeam", Map.of("teamId", "writers", "name", "W", "domain", "writing")));
    JsonNode product =
        ok(
            client.query(
                bob,
                "mutation { registerDataProduct(input: {productId: \"writing.books\", owningTeam: \"writers\"}) "
                    + "{ dataProduct { id owningTeam steward lifecycle } } }",
                Map.of()));
    assertThat(product.at("/registerDataProduct/dataProduct/steward").asText()).isEqualTo("bob");
    JsonNode requested =
        ok(
            client.query(
                alice,
                "mutation { requestSubscription(input: {product: \"writing.books\", consumerTeam: \"readers\", purpose: \"reading\"}) "
                    + "{ createdId dataSubscription { status requestedBy } } }",
                Map.of()));
    String subscription = requested.at("/requestSubscription/createdId").asText();
    assertThat(requested.at("/requestSubscription/dataSubscription/status").asText())
        .isEqualTo("PENDING");
    JsonNode approved =
        ok(
            client.query(
                bob,
                "mutation($id: ID!) { approveSubscription(input: {subscriptionId: $id}) { dataSubscription { status approvedBy } } }",
                Map.of("id", subscription)));
    assertThat(approved.at("/approveSubscription/dataSubscription/approvedBy").asText())
        .isEqualTo("bob");
    refused(
        client.query(
            alice,
            "mutation($id: ID!) { revokeSubscription(input: {subscriptionId: $id}) { id } }",
            Map.of("id", subscription)),
        "FORBIDDEN",
        "NOT_OWNER_OR_STEWARD");
  }

  @Test
  void requests_without_a_valid_token_are_unauthenticated() throws Exception {
    String body = "{\"query\":\"{ search(text: \\\"x\\\") { id } }\"}";
    HttpResponse<String> missing = client.post(body, null);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("\"code\":\"UNAUTHENTICATED\"");
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    String[] parts = alice.split("\\.");
    String forged =
        parts[0]
            + "."
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                        .replace("\"alice\"", "\"mallory\"")
                        .getBytes())
            + "."
            + parts[2];
    HttpResponse<String> tampered = client.post(body, forged);
    assertThat(tampered.statusCode()).isEqualTo(401);
    assertThat(tampered.body()).contains("\"code\":\"UNAUTHENTICATED\"");
    assertThat(client.post(body, "not-a-jwt").statusCode()).isEqualTo(401);
    assertThat(client.post(body, alice).statusCode()).isEqualTo(200);
  }

  @Test
  void wrong_types_and_unknown_input_fields_are_refused_before_anything_happens() throws Exception {
    HttpResponse<String> wrongType =
        client.post(
            "{\"query\":\"{ lineage(id: \\\"a.b\\\", depth: \\\"deep\\\") { complete } }\"}",
            alice);
    assertThat(wrongType.statusCode()).isEqualTo(400);
    JsonNode unknownField =
        client.query(
            alice,
            "mutation($input: ProductInput!) { retireDataProduct(input: $input) { id } }",
            Map.of("input", Map.of("productId", "a.b", "force", true)));
    assertThat(unknownField.at("/errors/0/message").asText()).contains("force");
    assertThat(unknownField.path("data").isMissingNode() || unknownField.path("data").isNull())
        .isTrue();
  }
}
