package io.meshgov.lineage;

import static io.meshgov.lineage.MeshScenario.CARDS;
import static io.meshgov.lineage.MeshScenario.LEDGER;
import static io.meshgov.lineage.MeshScenario.SETTLEMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.OwnershipHistory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.neo4j.driver.Driver;

/** Every event type of the contract, projected, with its history and as-of answers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionTest {

  private final MeshScenario mesh = new MeshScenario();
  private Driver driver;
  private Neo4jLineageQueries queries;

  @BeforeAll
  void project() {
    driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(mesh.log.events());
    queries = new Neo4jLineageQueries(driver, 50);
  }

  private List<Map<String, Object>> rows(String cypher, Map<String, Object> params) {
    try (var session = driver.session()) {
      return session.run(cypher, params).list(r -> r.asMap());
    }
  }

  @Test
  void the_scenario_uses_every_event_type_of_the_contract() {
    Set<Class<?>> used =
        mesh.log.events().stream().map(e -> e.payload().getClass()).collect(Collectors.toSet());
    Set<Class<?>> contract =
        Set.copyOf(io.meshgov.api.wire.GovernanceCloudEvents.eventTypes().values());
    assertThat(used).containsExactlyInAnyOrderElementsOf(contract);
  }

  @Test
  void teams_belong_to_domains_and_memberships_keep_their_history() {
    var memberships =
        rows(
            """
            MATCH (p:Person)-[m:MEMBER_OF]->(:Team {id: 'payments-core'})-[:IN_DOMAIN]->(d:Domain)
            RETURN p.id AS person, m.role AS role, m.until AS until, d.id AS domain
            ORDER BY person
            """,
            Map.of());
    assertThat(memberships)
        .extracting(r -> r.get("person"), r -> r.get("role"), r -> r.get("domain"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", "LEAD", "payments"),
            org.assertj.core.groups.Tuple.tuple("bob", "MEMBER", "payments"));
    assertThat(memberships.get(0).get("until")).isNull();
    assertThat(memberships.get(1).get("until")).isEqualTo(mesh.bobRemoved.toEpochMilli());
  }

  @Test
  void ownership_history_lists_both_owners_the_stewards_and_every_transfer() {
    OwnershipHistory history = queries.ownershipHistory(SETTLEMENTS).orElseThrow();
    assertThat(history.currentOwner()).isEqualTo("finance");
    assertThat(history.currentSteward()).isEqualTo("sam");
    assertThat(history.owners())
        .extracting(OwnershipHistory.OwnerPeriod::team)
        .containsExactly("payments-core", "finance");
    assertThat(history.owners().get(0).until()).isEqualTo(mesh.transferAccepted);
    assertThat(history.owners().get(1))
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(mesh.transferAccepted);
              assertThat(o.until()).isNull();
              assertThat(o.requestedBy()).isEqualTo("alice");
              assertThat(o.approvedBy()).isEqualTo("fred");
              assertThat(o.transferId()).isEqualTo("trf_accepted");
            });
    assertThat(history.stewards())
        .extracting(OwnershipHistory.StewardPeriod::person)
        .containsExactly("steve", "sam");
    assertThat(history.stewards().get(0).until()).isEqualTo(history.stewards().get(1).since());
    assertThat(history.transfers())
        .extracting(OwnershipHistory.Transfer::id, OwnershipHistory.Transfer::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("trf_rejected", "REJECTED"),
            org.assertj.core.groups.Tuple.tuple("trf_cancelled", "CANCELLED"),
            org.assertj.core.groups.Tuple.tuple("trf_expired", "EXPIRED"),
            org.assertj.core.groups.Tuple.tuple("trf_accepted", "ACCEPTED"));
    assertThat(history.transfers().get(0).reason()).isEqualTo("finance runs settlements now");
    assertThat(queries.ownershipHistory(DataProductId.of("nobody.knows"))).isEmpty();
  }

  @Test
  void product_attributes_follow_updates_modes_deprecation_and_retirement() {
    var settlements = queries.product(SETTLEMENTS).orElseThrow();
    assertThat(settlements.description()).isEqualTo("All settled payments");
    assertThat(settlements.tags()).containsExactly("payments", "settled");
    assertThat(settlements.classification()).isEqualTo("CONFIDENTIAL");
    assertThat(settlements.owningTeam()).isEqualTo("finance");
    assertThat(settlements.latestSchemaVersion()).isEqualTo(2L);
    assertThat(
            rows(
                "MATCH (p:DataProduct {id: $id}) RETURN p.compatibilityMode AS mode",
                Map.of("id", SETTLEMENTS.value())))
        .singleElement()
        .satisfies(r -> assertThat(r.get("mode")).isEqualTo("FULL"));
    var cards = queries.product(CARDS).orElseThrow();
    assertThat(cards.lifecycle()).isEqualTo("RETIRED");
    assertThat(
            rows(
                "MATCH (p:DataProduct {id: $id})-[:REPLACED_BY]->(r) RETURN p.sunsetDate AS sunset, r.id AS replacement",
                Map.of("id", CARDS.value())))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.get("sunset")).isEqualTo("2026-06-30");
              assertThat(r.get("replacement")).isEqualTo(SETTLEMENTS.value());
            });
  }

  @Test
  void schema_versions_are_kept_and_the_product_keeps_no_field_edges_of_its_own() {
    var versions =
        rows(
            """
            MATCH (:DataProduct {id: $id})-[:HAS_SCHEMA]->(v)-[:HAS_FIELD]->(f)
            RETURN v.version AS version, collect(f.name) AS fields ORDER BY version
            """,
            Map.of("id", SETTLEMENTS.value()));
    assertThat(versions).hasSize(2);
    assertThat(versions.get(1).get("fields").toString()).contains("id", "amount", "fee");
    assertThat((List<?>) versions.get(1).get("fields")).hasSize(3);
    var ownEdges =
        rows(
            "MATCH (:DataProduct {id: $id})-[h:HAS_FIELD|IN_DOMAIN]->() RETURN count(h) AS n",
            Map.of("id", SETTLEMENTS.value()));
    assertThat(ownEdges.get(0).get("n"))
        .as("the product's fields are its versions' and its domain a property (decision 78)")
        .isEqualTo(0L);
  }

  @Test
  void lineage_is_answered_as_of_before_during_and_after_a_declaration() {
    LineageResult before =
        queries.lineage(CARDS, Direction.DOWNSTREAM, null, mesh.lineageDeclared.minusSeconds(1));
    assertThat(before.nodes()).isEmpty();
    LineageResult during =
        queries.lineage(CARDS, Direction.DOWNSTREAM, null, mesh.lineageRemoved.minusSeconds(1));
    assertThat(during.nodes())
        .extracting(LineageResult.Node::id, LineageResult.Node::depth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SETTLEMENTS.value(), 1),
            org.assertj.core.groups.Tuple.tuple(LEDGER.value(), 2));
    assertThat(during.complete()).isTrue();
    LineageResult now = queries.lineage(CARDS, Direction.DOWNSTREAM, null, null);
    assertThat(now.nodes()).extracting(LineageResult.Node::id).containsExactly(SETTLEMENTS.value());
    LineageResult upstream =
        queries.lineage(LEDGER, Direction.UPSTREAM, null, mesh.lineageRemoved.minusSeconds(1));
    assertThat(upstream.nodes())
        .extracting(LineageResult.Node::id)
        .containsExactly(SETTLEMENTS.value(), CARDS.value());
    assertThat(upstream.edges())
        .containsExactlyInAnyOrder(
            new LineageResult.Edge(CARDS.value(), SETTLEMENTS.value()),
            new LineageResult.Edge(SETTLEMENTS.value(), LEDGER.value()));
  }

  @Test
  void field_lineage_follows_the_mappings_and_closes_with_the_upstream() {
    LineageResult upstreamOfAmount =
        queries.fieldLineage(SETTLEMENTS, "amount", Direction.UPSTREAM, null, null);
    assertThat(upstreamOfAmount.nodes())
        .extracting(LineageResult.Node::id)
        .containsExactly(CARDS + "#amount_minor", CARDS + "#currency");
    LineageResult downstream =
        queries.fieldLineage(
            CARDS, "currency", Direction.DOWNSTREAM, null, mesh.lineageRemoved.minusSeconds(1));
    assertThat(downstream.nodes())
        .extracting(LineageResult.Node::id)
        .containsExactly(SETTLEMENTS + "#amount", LEDGER + "#amount");
    assertThat(queries.fieldLineage(CARDS, "currency", Direction.DOWNSTREAM, null, null).nodes())
        .extracting(LineageResult.Node::id)
        .containsExactly(SETTLEMENTS + "#amount");
  }

  @Test
  void subscriptions_keep_their_status_and_approved_periods() {
    var subscriptions =
        rows("MATCH (s:Subscription) RETURN s.id AS id, s.status AS status ORDER BY id", Map.of());
    assertThat(subscriptions)
        .extracting(r -> r.get("id") + "=" + r.get("status"))
        .containsExactly(
            "sub_cancelled=CANCELLED",
            "sub_ledger-reads-settlements=APPROVED",
            "sub_rejected=REJECTED",
            "sub_revoked=REVOKED");
    var periods =
        rows(
            """
            MATCH (:Team {id: 'finance'})-[s:SUBSCRIBES_TO]->(p)
            RETURN s.subscriptionId AS id, s.until IS NULL AS open ORDER BY id
            """,
            Map.of());
    assertThat(periods)
        .extracting(r -> r.get("id") + "=" + r.get("open"))
        .containsExactly("sub_ledger-reads-settlements=true", "sub_revoked=false");
  }

  @Test
  void search_finds_products_by_words_of_their_description_and_tags() {
    assertThat(queries.search("settled", 10))
        .extracting(p -> p.id())
        .containsExactly(SETTLEMENTS.value());
    assertThat(queries.search("card author", 10))
        .extracting(p -> p.id())
        .containsExactly(CARDS.value());
    assertThat(queries.search("ledger", 10))
        .extracting(p -> p.id())
        .containsExactly(LEDGER.value());
    assertThat(queries.productsOwnedBy(TeamId.of("finance")))
        .extracting(p -> p.id())
        .containsExactly(LEDGER.value(), SETTLEMENTS.value());
    assertThat(queries.productsInDomain(DomainName.of("payments")))
        .extracting(p -> p.id())
        .containsExactly(CARDS.value(), SETTLEMENTS.value());
    assertThat(queries.productsTagged("pci"))
        .extracting(p -> p.id())
        .containsExactly(CARDS.value());
  }

  @Test
  void a_team_lists_its_current_members_and_products_and_a_subscription_its_state() {
    var team = queries.team(TeamId.of("payments-core")).orElseThrow();
    assertThat(team.name()).isEqualTo("Payments core");
    assertThat(team.members()).extracting(m -> m.person()).containsExactly("alice");
    assertThat(team.products()).containsExactly(CARDS.value());
    assertThat(queries.team(TeamId.of("nobody"))).isEmpty();
    // a registered domain with its owner, teams and products; one known only from a team
    var payments = queries.domain(DomainName.of("payments")).orElseThrow();
    assertThat(payments.name()).isEqualTo("Payments");
    assertThat(payments.owners()).containsExactly("alice");
    assertThat(payments.teams()).containsExactly("payments-core");
    assertThat(payments.products()).contains(SETTLEMENTS.value());
    assertThat(queries.domain(DomainName.of("finance")).orElseThrow().owners()).isEmpty();
    assertThat(queries.domains(10)).extracting(d -> d.id()).containsExactly("finance", "payments");
    // a role change ends the membership in the old role and starts one in the new
    assertThat(queries.team(TeamId.of("finance")).orElseThrow().members())
        .extracting(m -> m.person() + ":" + m.role())
        .containsExactly("fay:LEAD", "fred:LEAD");
    try (var session = driver.session()) {
      assertThat(
              session
                  .run(
                      "MATCH (:Person {id: 'fay'})-[m:MEMBER_OF]->(:Team {id: 'finance'})"
                          + " RETURN m.role AS role, m.until IS NULL AS current ORDER BY m.since")
                  .list(r -> r.get("role").asString() + ":" + r.get("current").asBoolean()))
          .containsExactly("MEMBER:false", "LEAD:true");
    }
    EventLog solo = new EventLog();
    solo.add(
        new io.meshgov.api.team.TeamEvent.TeamRegisteredEvent(
            io.meshgov.api.TeamId.of("solo-team"), "Solo", io.meshgov.api.DomainName.of("solo")));
    solo.add(
        new io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent(
            io.meshgov.api.TeamId.of("solo-team"),
            io.meshgov.api.PersonId.of("sam"),
            io.meshgov.api.TeamRole.LEAD));
    // early positions: the graph's position, a maximum, stays the scenario's own
    var events =
        solo.events().stream()
            .map(
                e ->
                    new GovernanceEvent(
                        e.id(),
                        e.aggregateId(),
                        e.sequence(),
                        e.position(),
                        e.time(),
                        e.payload(),
                        "sam",
                        null,
                        null,
                        null))
            .toList();
    new GraphProjector(driver).apply(events);
    assertThat(queries.team(TeamId.of("solo-team")))
        .hasValueSatisfying(t -> assertThat(t.products()).isEmpty());
    var subscription =
        queries.subscription(SubscriptionId.of("sub_ledger-reads-settlements")).orElseThrow();
    assertThat(subscription.status()).isEqualTo("APPROVED");
    assertThat(subscription.fieldsUsed()).containsExactly("amount");
    assertThat(subscription.consumingProduct()).isEqualTo(LEDGER.value());
    assertThat(queries.schemaVersions(SETTLEMENTS))
        .extracting(v -> v.version())
        .containsExactly(1L, 2L);
  }

  @Test
  void the_graph_remembers_how_far_it_got() {
    List<GovernanceEvent> events = mesh.log.events();
    assertThat(new GraphProjector(driver).position())
        .isEqualTo(events.get(events.size() - 1).position());
  }

  @Test
  void observed_runs_become_jobs_reading_and_writing_datasets_with_schemas_mappings_and_claims() {
    var flows =
        rows(
            """
            MATCH (j:Job)-[r:READS|WRITES]->(d:Dataset)
            RETURN j.name AS job, type(r) AS flow, d.name AS dataset, r.lastState AS state,
                   r.lastRun AS run
            ORDER BY job, flow, dataset
            """,
            Map.of());
    assertThat(flows)
        .extracting(
            r -> r.get("job"), r -> r.get("flow"), r -> r.get("dataset"), r -> r.get("state"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "ledger_loader.load", "READS", "payments.settlements.v1", "COMPLETE"),
            org.assertj.core.groups.Tuple.tuple(
                "ledger_loader.load", "WRITES", "finance.public.ledger", "COMPLETE"),
            org.assertj.core.groups.Tuple.tuple(
                "models.ledger_summary", "READS", "finance.public.ledger", null));
    var ledger =
        rows(
                """
                MATCH (d:Dataset {name: 'finance.public.ledger'})
                RETURN d.observedSchema AS schema, d.claimedOwners AS owners
                """,
                Map.of())
            .get(0);
    assertThat((String) ledger.get("schema")).contains("\"amount\"", "DECIMAL", "booked");
    assertThat(ledger.get("owners")).isEqualTo(List.of("team:finance"));
    var mappings =
        rows(
            """
            MATCH (s:Dataset)-[:MAPS]->(m:FieldMapping)-[:INTO]->(d:Dataset)
            RETURN s.name AS source, m.inputField AS input, d.name AS target, m.field AS field
            """,
            Map.of());
    assertThat(mappings)
        .containsExactly(
            Map.of(
                "source", "payments.settlements.v1",
                "input", "amount",
                "target", "finance.public.ledger",
                "field", "amount"));
    // the topic is bound to settlements; the ledger table was released and is unowned
    assertThat(
            queries
                .dataset(
                    io.meshgov.api.DatasetName.of("kafka://broker:9092", "payments.settlements.v1"),
                    null)
                .orElseThrow()
                .product())
        .isEqualTo("payments.settlements");
    assertThat(queries.datasets(null, true, null, 10))
        .extracting(d -> d.name())
        .containsExactly("finance.public.ledger");
    assertThat(queries.unownedDatasetCounts(10))
        .extracting(c -> c.namespace(), c -> c.unowned(), c -> c.total())
        .contains(org.assertj.core.groups.Tuple.tuple("postgres://db:5432", 1L, 1L));
  }
}
