package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.PersonId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.ImpactResult;
import io.meshgov.lineage.query.ImpactResult.AffectedField;
import io.meshgov.lineage.query.ImpactResult.AffectedProduct;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * raw.events#amount feeds clean.events#amount feeds daily.totals#total feeds exec.report#revenue:
 * three levels of field mappings below the field that is to go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpactTest {

  private static final DataProductId RAW = DataProductId.of("raw.events");
  private static final DataProductId CLEAN = DataProductId.of("clean.events");
  private static final DataProductId DAILY = DataProductId.of("daily.totals");
  private static final DataProductId REPORT = DataProductId.of("exec.report");
  private static final DataProductId UNMAPPED = DataProductId.of("misc.copy");
  private static final DataProductId CHANGING = DataProductId.of("ops.changing");

  /** When ops.changing published its versions: (a, b), then (a), then (a, b) again. */
  private java.time.Instant[] changes;

  private Neo4jLineageQueries queries;

  @BeforeAll
  void buildChain() {
    EventLog log = new EventLog();
    log.add(MeshScenario.product(RAW, TeamId.of("ingest"), "ian", "raw"));
    log.add(MeshScenario.product(CLEAN, TeamId.of("quality"), "quinn", "clean"));
    log.add(MeshScenario.product(DAILY, TeamId.of("analytics"), "ana", "daily"));
    log.add(MeshScenario.product(REPORT, TeamId.of("board"), "bea", "report"));
    log.add(MeshScenario.product(UNMAPPED, TeamId.of("misc"), "mo", "copy"));
    log.add(MeshScenario.schema(RAW, 1, "id", "amount", "note"));
    log.add(MeshScenario.schema(CLEAN, 1, "id", "amount"));
    log.add(MeshScenario.schema(DAILY, 1, "day", "total"));
    log.add(MeshScenario.schema(REPORT, 1, "revenue"));
    log.add(MeshScenario.schema(UNMAPPED, 1, "everything"));
    log.add(
        new UpstreamDeclaredEvent(
            CLEAN, RAW, List.of(mapping("amount", "amount"), mapping("id", "id"))));
    log.add(new UpstreamDeclaredEvent(DAILY, CLEAN, List.of(mapping("total", "amount"))));
    log.add(new UpstreamDeclaredEvent(REPORT, DAILY, List.of(mapping("revenue", "total"))));
    log.add(new UpstreamDeclaredEvent(UNMAPPED, RAW, List.of()));
    subscribe(log, "sub_uses-total", DAILY, "finance", List.of("total"));
    subscribe(log, "sub_uses-day", DAILY, "ops", List.of("day"));
    subscribe(log, "sub_uses-everything", REPORT, "board-office", List.of());
    subscribe(log, "sub_raw-note", RAW, "audit", List.of("note"));
    log.add(
        new SubscriptionRequestedEvent(
            SubscriptionId.of("sub_pending"),
            CLEAN,
            TeamId.of("pending"),
            null,
            "p",
            List.of("amount"),
            PersonId.of("x"),
            null));
    log.add(MeshScenario.product(CHANGING, TeamId.of("ops"), "olga", "changing"));
    changes = new java.time.Instant[3];
    log.add(MeshScenario.schema(CHANGING, 1, "a", "b"));
    changes[0] = log.now();
    log.add(MeshScenario.schema(CHANGING, 2, "a"));
    changes[1] = log.now();
    log.add(MeshScenario.schema(CHANGING, 3, "a", "b"));
    changes[2] = log.now();
    var driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(log.events());
    queries = new Neo4jLineageQueries(driver, 50);
  }

  private static FieldMapping mapping(String output, String input) {
    return new FieldMapping(output, List.of(input), null);
  }

  private static void subscribe(
      EventLog log, String id, DataProductId product, String team, List<String> fields) {
    SubscriptionId subscription = SubscriptionId.of(id);
    log.add(
        new SubscriptionRequestedEvent(
            subscription,
            product,
            TeamId.of(team),
            null,
            "reporting",
            fields,
            PersonId.of("someone"),
            null));
    log.add(
        new SubscriptionApprovedEvent(
            subscription, product, TeamId.of(team), fields, PersonId.of("owner")));
  }

  @Test
  void removing_a_field_reports_every_level_that_derives_from_it_with_its_path() {
    ImpactResult impact = queries.impact(RAW, List.of("amount"));

    assertThat(impact.fields())
        .extracting(AffectedField::id, AffectedField::depth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("clean.events#amount", 1),
            org.assertj.core.groups.Tuple.tuple("daily.totals#total", 2),
            org.assertj.core.groups.Tuple.tuple("exec.report#revenue", 3));
    assertThat(impact.fields().get(2).path())
        .containsExactly(
            "raw.events#amount",
            "clean.events#amount",
            "daily.totals#total",
            "exec.report#revenue");
    assertThat(impact.products())
        .extracting(AffectedProduct::id, AffectedProduct::depth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("clean.events", 1),
            org.assertj.core.groups.Tuple.tuple("daily.totals", 2),
            org.assertj.core.groups.Tuple.tuple("exec.report", 3));
    assertThat(impact.products().get(2).path())
        .containsExactly("raw.events", "clean.events", "daily.totals", "exec.report");
  }

  @Test
  void the_approved_subscriptions_that_read_an_affected_field_and_their_teams_are_reported() {
    ImpactResult impact = queries.impact(RAW, List.of("amount"));

    assertThat(impact.subscriptions())
        .extracting(ImpactResult.AffectedSubscription::id)
        .containsExactly("sub_uses-everything", "sub_uses-total");
    assertThat(impact.subscriptions())
        .filteredOn(s -> s.id().equals("sub_uses-total"))
        .singleElement()
        .satisfies(s -> assertThat(s.affectedFieldsUsed()).containsExactly("daily.totals#total"));
    assertThat(impact.teamsToNotify())
        .containsExactly("analytics", "board", "board-office", "finance", "misc", "quality");
    assertThat(impact.stewardsToNotify()).containsExactly("ana", "bea", "mo", "quinn");
    assertThat(impact.possiblyAffectedProducts()).containsExactly("misc.copy");
  }

  @Test
  void a_products_fields_as_of_a_time_are_those_of_its_schema_version_in_force_then() {
    java.time.Duration second = java.time.Duration.ofSeconds(1);
    assertThat(queries.impact(CHANGING, List.of("b"), changes[0].minus(second)).unknownFields())
        .as("before the first version")
        .containsExactly("b");
    assertThat(queries.impact(CHANGING, List.of("b"), changes[0]).unknownFields()).isEmpty();
    assertThat(queries.impact(CHANGING, List.of("a", "b"), changes[1]).unknownFields())
        .as("the second version dropped b at the moment it was published")
        .containsExactly("b");
    assertThat(queries.impact(CHANGING, List.of("b"), changes[2].minus(second)).unknownFields())
        .containsExactly("b");
    assertThat(queries.impact(CHANGING, List.of("b"), changes[2]).unknownFields()).isEmpty();
    assertThat(queries.impact(CHANGING, List.of("a", "b")).unknownFields()).isEmpty();
  }

  @Test
  void a_field_nobody_derives_from_affects_only_its_own_readers() {
    ImpactResult impact = queries.impact(RAW, List.of("note", "nonexistent"));
    assertThat(impact.fields()).isEmpty();
    assertThat(impact.products()).isEmpty();
    assertThat(impact.unknownFields()).containsExactly("nonexistent");
    assertThat(impact.subscriptions())
        .extracting(ImpactResult.AffectedSubscription::id)
        .containsExactly("sub_raw-note");
    assertThat(impact.teamsToNotify()).containsExactly("audit", "misc");
  }
}
