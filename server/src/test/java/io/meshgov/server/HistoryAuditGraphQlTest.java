package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An auditor checks the embedded store over GraphQL: intact, signed on demand, and, once someone
 * edits the store behind the application's back, broken at the edited event. Nobody else may ask.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HistoryAuditGraphQlTest {

  private static final String VERIFY =
      "{ verifyHistory { intact checkedUpTo eventsChecked checkpoint"
          + " firstBreak { position aggregateId sequence problem } } }";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
    registry.add("meshgov.audit.settle", () -> "PT0S");
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void an_auditor_proves_the_history_intact_and_finds_an_edit() throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice");
    String auditor = client.token("ada", "auditor");
    client.domains("payments");
    JsonNode registered =
        client.query(
            alice,
            "mutation { registerTeam(input: {teamId: \"audited\", name: \"A\", domain: \"payments\"})"
                + " { position } }",
            Map.of());
    long position = registered.at("/data/registerTeam/position").asLong();

    JsonNode refused = client.query(alice, VERIFY, Map.of());
    assertThat(refused.at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
    assertThat(
            client
                .query(alice, "mutation { createCheckpoint { number } }", Map.of())
                .at("/errors/0/extensions/code")
                .asText())
        .isEqualTo("FORBIDDEN");

    JsonNode signed =
        client.query(
            auditor,
            "mutation { createCheckpoint { number upToPosition eventCount aggregateCount keyId } }",
            Map.of());
    assertThat(signed.at("/data/createCheckpoint/number").asLong())
        .as(signed.toString())
        .isEqualTo(1);
    assertThat(signed.at("/data/createCheckpoint/upToPosition").asLong()).isEqualTo(position);
    JsonNode intact = client.query(auditor, VERIFY, Map.of());
    assertThat(intact.at("/data/verifyHistory/intact").asBoolean()).as(intact.toString()).isTrue();
    assertThat(intact.at("/data/verifyHistory/checkpoint").asText()).isEqualTo("1");
    assertThat(intact.at("/data/verifyHistory/checkedUpTo").asLong()).isEqualTo(position);
    // an admin may ask too
    assertThat(
            client
                .query(client.token("root", "admin"), VERIFY, Map.of())
                .at("/data/verifyHistory/intact")
                .asBoolean())
        .isTrue();

    // someone with the database's password makes alice's registration bob's
    byte[] metadata =
        jdbc.queryForObject(
            "select meta_data from domain_event_entry where global_index = ?",
            byte[].class,
            position);
    jdbc.update(
        "update domain_event_entry set meta_data = ? where global_index = ?",
        new String(metadata, StandardCharsets.UTF_8)
            .replace("alice", "bob")
            .getBytes(StandardCharsets.UTF_8),
        position);
    JsonNode broken = client.query(auditor, VERIFY, Map.of());
    assertThat(broken.at("/data/verifyHistory/intact").asBoolean()).as(broken.toString()).isFalse();
    assertThat(broken.at("/data/verifyHistory/firstBreak/position").asLong()).isEqualTo(position);
    assertThat(broken.at("/data/verifyHistory/firstBreak/aggregateId").asText())
        .isEqualTo("audited");
  }

  @Test
  void anyone_finds_who_did_what_across_aggregates_a_page_at_a_time() throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String carol = client.token("carol");
    String dave = client.token("dave");
    client.domains("search", "other");
    java.time.Instant before = java.time.Instant.now().minusSeconds(1);
    for (int i = 0; i < 3; i++) {
      client.query(
          carol,
          "mutation($t: ID!) { registerTeam(input: {teamId: $t, name: \"S\", domain: \"search\"}) { id } }",
          Map.of("t", "search-" + i));
    }
    client.query(
        dave,
        "mutation { registerTeam(input: {teamId: \"other-1\", name: \"O\", domain: \"other\"}) { id } }",
        Map.of());
    String query =
        "query($f: AuditEventFilter, $after: String, $order: AuditOrder) {"
            + " auditEvents(filter: $f, first: 4, after: $after, order: $order) {"
            + " edges { cursor node { aggregateId type actor position time correlationId } }"
            + " pageInfo { hasNextPage endCursor } } }";
    // carol's three teams, each registered and led by her: six events, newest first
    JsonNode firstPage =
        client.query(dave, query, Map.of("f", Map.of("actor", "carol", "from", before.toString())));
    JsonNode edges = firstPage.at("/data/auditEvents/edges");
    assertThat(edges.size()).as(firstPage.toString()).isEqualTo(4);
    assertThat(edges.findValuesAsText("actor")).containsOnly("carol");
    assertThat(edges.get(0).at("/node/position").asLong())
        .isGreaterThan(edges.get(1).at("/node/position").asLong());
    assertThat(firstPage.at("/data/auditEvents/pageInfo/hasNextPage").asBoolean()).isTrue();
    JsonNode second =
        client.query(
            dave,
            query,
            Map.of(
                "f", Map.of("actor", "carol", "from", before.toString()),
                "after", firstPage.at("/data/auditEvents/pageInfo/endCursor").asText()));
    assertThat(second.at("/data/auditEvents/edges").size()).isEqualTo(2);
    assertThat(second.at("/data/auditEvents/pageInfo/hasNextPage").asBoolean()).isFalse();

    // by type and domain, oldest first
    JsonNode registered =
        client.query(
            carol,
            query,
            Map.of(
                "f",
                Map.of("types", java.util.List.of("TeamRegisteredEvent"), "domain", "search"),
                "order",
                "OLDEST_FIRST"));
    assertThat(registered.at("/data/auditEvents/edges").findValuesAsText("aggregateId"))
        .containsExactly("search-0", "search-1", "search-2");
    // one story by its correlation id
    String correlation = firstPage.at("/data/auditEvents/edges/0/node/correlationId").asText();
    JsonNode story = client.query(dave, query, Map.of("f", Map.of("correlationId", correlation)));
    assertThat(story.at("/data/auditEvents/edges").size()).isEqualTo(2);
    JsonNode bad = client.query(dave, query, Map.of("f", Map.of("actor", "")));
    assertThat(bad.at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void a_team_and_a_subscription_read_as_they_were_before_during_and_after_a_change()
      throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String erin = client.token("erin");
    String fred = client.token("fred");
    client.domains("asof");
    client.query(
        erin,
        "mutation { registerTeam(input: {teamId: \"asof-team\", name: \"A\", domain: \"asof\"}) { id } }",
        Map.of());
    client.query(
        fred,
        "mutation { registerTeam(input: {teamId: \"asof-readers\", name: \"R\", domain: \"asof\"}) { id } }",
        Map.of());
    client.query(
        erin,
        "mutation { registerDataProduct(input: {productId: \"asof.p\", owningTeam: \"asof-team\"}) { id } }",
        Map.of());
    java.time.Instant beforeJoin = java.time.Instant.now();
    Thread.sleep(20);
    client.query(
        erin,
        "mutation { addTeamMember(input: {teamId: \"asof-team\", person: \"gina\"}) { id } }",
        Map.of());
    client.query(
        fred,
        "mutation { requestSubscription(input: {product: \"asof.p\", consumerTeam: \"asof-readers\","
            + " purpose: \"reports\", subscriptionId: \"sub_asof\"}) { id } }",
        Map.of());
    Thread.sleep(20);
    java.time.Instant pending = java.time.Instant.now();
    Thread.sleep(20);
    long approvedAt =
        client
            .query(
                erin,
                "mutation { approveSubscription(input: {subscriptionId: \"sub_asof\"}) { position } }",
                Map.of())
            .at("/data/approveSubscription/position")
            .asLong();
    String team =
        "query($at: DateTime!) { teamAsOf(id: \"asof-team\", at: $at) {"
            + " members { person role } eventsReplayed upToSequence } }";
    JsonNode before = client.query(fred, team, Map.of("at", beforeJoin.toString()));
    assertThat(before.at("/data/teamAsOf/members").findValuesAsText("person"))
        .containsExactly("erin");
    JsonNode after = client.query(fred, team, Map.of("at", java.time.Instant.now().toString()));
    assertThat(after.at("/data/teamAsOf/members").findValuesAsText("person"))
        .containsExactly("erin", "gina");
    assertThat(after.at("/data/teamAsOf/eventsReplayed").asInt()).isEqualTo(3);
    assertThat(after.at("/data/teamAsOf/upToSequence").asLong())
        .isGreaterThan(before.at("/data/teamAsOf/upToSequence").asLong());
    assertThat(
            client
                .query(fred, team, Map.of("at", "2000-01-01T00:00:00Z"))
                .at("/data/teamAsOf")
                .isNull())
        .isTrue();
    // the graph answers the same, before, at and after the change
    String graphTeam =
        "query($at: DateTime, $p: Long) { team(id: \"asof-team\", asOf: $at, minPosition: $p) {"
            + " members { person role } products } }";
    JsonNode teamBefore =
        client.query(fred, graphTeam, Map.of("at", beforeJoin.toString(), "p", approvedAt));
    assertThat(teamBefore.at("/data/team/members").findValuesAsText("person"))
        .as(teamBefore.toString())
        .containsExactly("erin");
    assertThat(
            client
                .query(
                    fred,
                    graphTeam,
                    Map.of("at", java.time.Instant.now().toString(), "p", approvedAt))
                .at("/data/team/members")
                .findValuesAsText("person"))
        .containsExactly("erin", "gina");
    assertThat(
            client
                .query(fred, graphTeam, Map.of("at", "2000-01-01T00:00:00Z", "p", approvedAt))
                .at("/data/team")
                .isNull())
        .isTrue();
    // the schema valid at a time: the versions published by then
    String v1 =
        "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    String v2 =
        "{\"type\":\"record\",\"name\":\"P\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    String publish =
        "mutation($s: String!) { publishSchemaVersion(input: {productId: \"asof.p\", avroSchema: $s})"
            + " { position } }";
    client.query(erin, publish, Map.of("s", v1));
    Thread.sleep(20);
    java.time.Instant betweenVersions = java.time.Instant.now();
    Thread.sleep(20);
    long second =
        client
            .query(erin, publish, Map.of("s", v2))
            .at("/data/publishSchemaVersion/position")
            .asLong();
    String versions =
        "query($at: DateTime, $p: Long) { schemaVersions(id: \"asof.p\", asOf: $at, minPosition: $p)"
            + " { version fields { name } } }";
    assertThat(
            client
                .query(fred, versions, Map.of("at", betweenVersions.toString(), "p", second))
                .at("/data/schemaVersions")
                .findValuesAsText("version"))
        .containsExactly("1");
    assertThat(
            client
                .query(
                    fred, versions, Map.of("at", java.time.Instant.now().toString(), "p", second))
                .at("/data/schemaVersions")
                .findValuesAsText("version"))
        .containsExactly("1", "2");
    String subscription =
        "query($at: DateTime!) { subscriptionAsOf(id: \"sub_asof\", at: $at) {"
            + " status requestedBy decidedBy eventsReplayed upToSequence upToPosition } }";
    assertThat(
            client
                .query(fred, subscription, Map.of("at", pending.toString()))
                .at("/data/subscriptionAsOf/status")
                .asText())
        .isEqualTo("PENDING");
    JsonNode approved =
        client.query(fred, subscription, Map.of("at", java.time.Instant.now().toString()));
    assertThat(approved.at("/data/subscriptionAsOf/status").asText()).isEqualTo("APPROVED");
    assertThat(approved.at("/data/subscriptionAsOf/decidedBy").asText()).isEqualTo("erin");
    // how far the replay went: the aggregate's sequence and the store's position of its last event
    assertThat(approved.at("/data/subscriptionAsOf/upToSequence").asLong()).isEqualTo(1);
    assertThat(approved.at("/data/subscriptionAsOf/upToPosition").asLong()).isEqualTo(approvedAt);
  }

  /** Runs a mutation and returns the store position it reached. */
  private static long step(GraphQlClient client, String token, String mutation) throws Exception {
    JsonNode answer = client.query(token, mutation, Map.of());
    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    return answer.path("data").elements().next().path("position").asLong();
  }

  /** Publishes a record schema of string fields. */
  private static void publish(GraphQlClient client, String token, String product, String... fields)
      throws Exception {
    String schema =
        java.util.Arrays.stream(fields)
            .map(f -> "{\"name\":\"" + f + "\",\"type\":\"string\"}")
            .collect(
                java.util.stream.Collectors.joining(
                    ",", "{\"type\":\"record\",\"name\":\"R\",\"fields\":[", "]}"));
    JsonNode published =
        client.query(
            token,
            "mutation($p: ID!, $s: String!) { publishSchemaVersion(input: {productId: $p,"
                + " avroSchema: $s}) { position } }",
            Map.of("p", product, "s", schema));
    assertThat(published.has("errors")).as(published.toString()).isFalse();
  }

  private static java.time.Instant pause() throws InterruptedException {
    Thread.sleep(25);
    java.time.Instant now = java.time.Instant.now();
    Thread.sleep(25);
    return now;
  }

  @Test
  void a_product_its_subscriptions_impact_owners_and_search_read_as_they_were_then()
      throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String erin = client.token("erin");
    String bob = client.token("bob");
    String fred = client.token("fred");
    client.domains("then");
    step(
        client,
        erin,
        "mutation { registerTeam(input: {teamId: \"then-a\", name: \"A\", domain: \"then\"}) { position } }");
    step(
        client,
        bob,
        "mutation { registerTeam(input: {teamId: \"then-b\", name: \"B\", domain: \"then\"}) { position } }");
    step(
        client,
        fred,
        "mutation { registerTeam(input: {teamId: \"then-r\", name: \"R\", domain: \"then\"}) { position } }");
    java.time.Instant beforeAll = pause();
    step(
        client,
        erin,
        "mutation { registerDataProduct(input: {productId: \"then.orders\", owningTeam: \"then-a\","
            + " description: \"alpha ledger\", tags: [\"gold\"]}) { position } }");
    publish(client, erin, "then.orders", "id", "amount");
    step(
        client,
        fred,
        "mutation { registerDataProduct(input: {productId: \"then.report\", owningTeam: \"then-r\"})"
            + " { position } }");
    publish(client, fred, "then.report", "total");
    step(
        client,
        fred,
        "mutation { declareUpstream(input: {productId: \"then.report\", upstream: \"then.orders\","
            + " fieldMappings: [{outputField: \"total\", inputFields: [\"amount\"]}]}) { position } }");
    java.time.Instant registered = pause();
    step(
        client,
        fred,
        "mutation { requestSubscription(input: {product: \"then.orders\", consumerTeam: \"then-r\","
            + " purpose: \"totals\", fieldsUsed: [\"amount\"], subscriptionId: \"sub_then\"}) { position } }");
    java.time.Instant pending = pause();
    step(
        client,
        erin,
        "mutation { approveSubscription(input: {subscriptionId: \"sub_then\"}) { position } }");
    java.time.Instant approved = pause();
    step(
        client,
        erin,
        "mutation { updateDataProduct(input: {productId: \"then.orders\", description: \"beta journal\","
            + " tags: [\"silver\"]}) { position } }");
    step(
        client,
        erin,
        "mutation { requestOwnershipTransfer(input: {productId: \"then.orders\", targetTeam: \"then-b\","
            + " reason: \"b runs it\", transferId: \"trf_then\"}) { position } }");
    java.time.Instant duringTransfer = pause();
    step(
        client,
        bob,
        "mutation { acceptOwnershipTransfer(input: {productId: \"then.orders\", transferId: \"trf_then\"})"
            + " { position } }");
    java.time.Instant transferred = pause();
    long last =
        step(
            client,
            bob,
            "mutation { revokeSubscription(input: {subscriptionId: \"sub_then\", reason: \"moved\"})"
                + " { position } }");
    java.time.Instant now = pause();

    java.util.function.BiFunction<String, java.time.Instant, JsonNode> ask =
        (query, at) -> {
          try {
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("p", last);
            if (at != null) {
              variables.put("at", at.toString());
            }
            JsonNode answer = client.query(fred, query, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            return answer.path("data");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };

    // the product: nothing before it was registered, its text and owner then, its subscriptions
    // then
    String product =
        "query($at: DateTime, $p: Long) { dataProduct(id: \"then.orders\", asOf: $at, minPosition: $p) {"
            + " description tags owningTeam latestSchemaVersion asOf"
            + " subscriptions { id status approvedBy endedBy } } }";
    assertThat(ask.apply(product, beforeAll).path("dataProduct").isNull()).isTrue();
    JsonNode then = ask.apply(product, pending).path("dataProduct");
    assertThat(then.path("description").asText()).isEqualTo("alpha ledger");
    assertThat(then.path("tags").get(0).asText()).isEqualTo("gold");
    assertThat(then.path("owningTeam").asText()).isEqualTo("then-a");
    assertThat(then.path("latestSchemaVersion").asInt()).isEqualTo(1);
    assertThat(then.path("asOf").asText()).isEqualTo(pending.toString());
    assertThat(then.path("subscriptions").get(0).path("status").asText()).isEqualTo("PENDING");
    JsonNode whileApproved = ask.apply(product, approved).path("dataProduct");
    assertThat(whileApproved.path("subscriptions").get(0).path("status").asText())
        .isEqualTo("APPROVED");
    assertThat(whileApproved.path("subscriptions").get(0).path("endedBy").isNull()).isTrue();
    JsonNode during = ask.apply(product, duringTransfer).path("dataProduct");
    assertThat(during.path("description").asText()).isEqualTo("beta journal");
    assertThat(during.path("owningTeam").asText()).isEqualTo("then-a");
    JsonNode today = ask.apply(product, null).path("dataProduct");
    assertThat(today.path("owningTeam").asText()).isEqualTo("then-b");
    assertThat(today.path("asOf").isNull()).isTrue();
    assertThat(today.path("subscriptions").get(0).path("status").asText()).isEqualTo("REVOKED");
    assertThat(ask.apply(product, transferred).path("dataProduct").path("owningTeam").asText())
        .isEqualTo("then-b");

    // one subscription: unknown before its request, pending, approved, revoked
    String subscription =
        "query($at: DateTime, $p: Long) { dataSubscription(id: \"sub_then\", asOf: $at, minPosition: $p)"
            + " { status approvedBy endedBy } }";
    assertThat(ask.apply(subscription, registered).path("dataSubscription").isNull()).isTrue();
    assertThat(ask.apply(subscription, pending).at("/dataSubscription/status").asText())
        .isEqualTo("PENDING");
    assertThat(ask.apply(subscription, approved).at("/dataSubscription/approvedBy").asText())
        .isEqualTo("erin");
    assertThat(ask.apply(subscription, now).at("/dataSubscription/status").asText())
        .isEqualTo("REVOKED");
    assertThat(ask.apply(subscription, now).at("/dataSubscription/endedBy").asText())
        .isEqualTo("bob");

    // impact of dropping amount: the subscription counts while it was approved; owners of then
    String impact =
        "query($at: DateTime, $p: Long) { impact(id: \"then.orders\", removedFields: [\"amount\"],"
            + " asOf: $at, minPosition: $p) { products { id }"
            + " subscriptions { id } teamsToNotify } }";
    JsonNode impactApproved = ask.apply(impact, approved).path("impact");
    assertThat(impactApproved.path("products").findValuesAsText("id"))
        .containsExactly("then.report");
    assertThat(impactApproved.path("subscriptions").findValuesAsText("id"))
        .containsExactly("sub_then");
    JsonNode impactNow = ask.apply(impact, null).path("impact");
    assertThat(impactNow.path("subscriptions").size()).isZero();
    assertThat(impactNow.path("products").findValuesAsText("id")).containsExactly("then.report");
    JsonNode impactBefore =
        client.query(fred, impact, Map.of("at", beforeAll.toString(), "p", last));
    assertThat(impactBefore.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");

    // ownership as it could be told during the transfer, and after it
    String owners =
        "query($at: DateTime, $p: Long) { ownershipHistory(id: \"then.orders\", asOf: $at, minPosition: $p)"
            + " { currentOwner owners { team until } transfers { id status } } }";
    JsonNode ownersDuring = ask.apply(owners, duringTransfer).path("ownershipHistory");
    assertThat(ownersDuring.path("currentOwner").asText()).isEqualTo("then-a");
    assertThat(ownersDuring.path("owners").size()).isEqualTo(1);
    assertThat(ownersDuring.at("/owners/0/until").isNull()).isTrue();
    assertThat(ownersDuring.at("/transfers/0/status").asText()).isEqualTo("REQUESTED");
    JsonNode ownersAfter = ask.apply(owners, transferred).path("ownershipHistory");
    assertThat(ownersAfter.path("currentOwner").asText()).isEqualTo("then-b");
    assertThat(ownersAfter.path("owners").findValuesAsText("team"))
        .containsExactly("then-a", "then-b");
    assertThat(ownersAfter.at("/transfers/0/status").asText()).isEqualTo("ACCEPTED");
    assertThat(ask.apply(owners, beforeAll).path("ownershipHistory").isNull()).isTrue();

    // search by the text of then
    String search =
        "query($text: String!, $at: DateTime) { search(text: $text, asOf: $at) { id description } }";
    java.util.function.BiFunction<String, java.time.Instant, java.util.List<String>> found =
        (text, at) -> {
          try {
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("text", text);
            if (at != null) {
              variables.put("at", at.toString());
            }
            JsonNode answer = client.query(fred, search, variables);
            assertThat(answer.has("errors")).as(answer.toString()).isFalse();
            return answer.at("/data/search").findValuesAsText("id");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThat(found.apply("alpha ledger", approved)).containsExactly("then.orders");
    assertThat(found.apply("alpha ledger", null)).isEmpty();
    assertThat(found.apply("beta", approved)).isEmpty();
    assertThat(found.apply("beta", null)).containsExactly("then.orders");
    assertThat(found.apply("gold", beforeAll)).isEmpty();
    assertThat(found.apply("silver", duringTransfer)).containsExactly("then.orders");
  }
}
