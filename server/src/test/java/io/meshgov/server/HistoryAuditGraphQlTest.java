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
            + " status requestedBy decidedBy eventsReplayed } }";
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
  }
}
