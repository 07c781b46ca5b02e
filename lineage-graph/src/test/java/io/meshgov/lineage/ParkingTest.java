package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.SchemaField;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphProjector.ParkedAggregate;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.OwnershipHistory;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/**
 * One event the graph cannot apply must not stop the feed for everyone: its aggregate is parked and
 * reported, the rest goes on, and reads waiting for later positions are not held up.
 */
class ParkingTest {

  private static final TeamId PAYMENTS = TeamId.of("payments-core");
  private static final TeamId FINANCE = TeamId.of("finance");
  private static final DataProductId A = DataProductId.of("payments.a");
  private static final DataProductId B = DataProductId.of("payments.b");
  private static final TransferId SAME = TransferId.of("trf_same");

  private Driver driver;
  private GraphProjector projector;
  private final EventLog log = new EventLog();

  @BeforeEach
  void freshGraph() {
    driver = Neo4jTestServer.freshGraph();
    projector = new GraphProjector(driver);
    log.add(new TeamRegisteredEvent(PAYMENTS, "Payments", DomainName.of("payments")));
    log.add(new TeamMemberAddedEvent(PAYMENTS, PersonId.of("alice"), TeamRole.LEAD));
    log.add(new TeamRegisteredEvent(FINANCE, "Finance", DomainName.of("finance")));
    log.add(registered(A));
    log.add(registered(B));
  }

  private static DataProductRegisteredEvent registered(DataProductId id) {
    return new DataProductRegisteredEvent(
        id,
        PAYMENTS,
        PersonId.of("alice"),
        "d",
        List.of(),
        Classification.INTERNAL,
        null,
        CompatibilityMode.BACKWARD);
  }

  private OwnershipTransferRequestedEvent requested(DataProductId product) {
    return new OwnershipTransferRequestedEvent(
        product, SAME, PAYMENTS, FINANCE, PersonId.of("alice"), "why", log.now().plusSeconds(3600));
  }

  /** A payload the graph has no statement for, as a newer command side might write one. */
  record NotInTheContract(String note) {}

  @Test
  void an_event_without_a_graph_statement_parks_its_aggregate_instead_of_leaving_a_gap() {
    log.addTo(A.value(), new NotInTheContract("from a newer version"), "alice");
    log.add(new StewardAssignedEvent(A, PersonId.of("bob"), PersonId.of("alice")));
    log.add(new StewardAssignedEvent(B, PersonId.of("bob"), PersonId.of("alice")));

    projector.apply(log.events());

    assertThat(projector.parked())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.aggregateId()).isEqualTo(A.value());
              assertThat(p.sequence()).isEqualTo(1);
              assertThat(p.eventType()).isEqualTo("NotInTheContract");
            });
    assertThat(projector.position()).isEqualTo(log.events().size());
    assertThat(new Neo4jLineageQueries(driver, 10).product(B))
        .hasValueSatisfying(p -> assertThat(p.steward()).isEqualTo("bob"));
  }

  @Test
  void two_products_may_use_the_same_transfer_id_and_each_keeps_its_own_history() {
    log.add(requested(A));
    log.add(requested(B));
    log.add(new OwnershipTransferCancelledEvent(B, SAME, FINANCE, PersonId.of("alice")));

    var result = projector.apply(log.events());

    assertThat(result.applied()).isEqualTo(log.events().size());
    assertThat(projector.parked()).isEmpty();
    var queries = new Neo4jLineageQueries(driver, 10);
    assertThat(queries.ownershipHistory(A).orElseThrow().transfers())
        .singleElement()
        .extracting(OwnershipHistory.Transfer::status)
        .isEqualTo("REQUESTED");
    assertThat(queries.ownershipHistory(B).orElseThrow().transfers())
        .singleElement()
        .extracting(OwnershipHistory.Transfer::status)
        .isEqualTo("CANCELLED");
    // a rebuild from the same events gives the same graph
    String incremental = GraphChecksum.of(driver);
    projector.dropAll();
    io.meshgov.lineage.projection.GraphSchema.create(driver);
    projector.apply(log.events());
    assertThat(GraphChecksum.of(driver)).isEqualTo(incremental);
  }

  @Test
  void an_id_requested_again_after_its_request_ended_is_a_second_request_in_old_stores() {
    // today the product refuses a reused id; stores written before hold such pairs and must rebuild
    log.add(requested(A));
    log.add(new OwnershipTransferCancelledEvent(A, SAME, FINANCE, PersonId.of("alice")));
    log.add(requested(A));

    projector.apply(log.events());

    assertThat(projector.parked()).isEmpty();
    assertThat(new Neo4jLineageQueries(driver, 10).ownershipHistory(A).orElseThrow().transfers())
        .extracting(OwnershipHistory.Transfer::status)
        .containsExactly("CANCELLED", "REQUESTED");
  }

  @Test
  void an_event_the_graph_refuses_parks_its_aggregate_and_the_feed_goes_on() {
    projector.apply(log.events());
    // something the graph already holds makes A's first schema version impossible to create
    try (var session = driver.session()) {
      session.run("CREATE (:SchemaVersion {id: 'payments.a@1'})").consume();
    }
    int before = log.events().size();
    log.add(schemaV1(A));
    var steward = log.add(new StewardAssignedEvent(A, PersonId.of("sam"), PersonId.of("alice")));
    var otherProduct = log.add(schemaV1(B));

    var result = projector.apply(log.events().subList(before, log.events().size()));

    assertThat(projector.parked())
        .singleElement()
        .satisfies(
            parked -> {
              assertThat(parked.aggregateId()).isEqualTo(A.value());
              assertThat(parked.sequence()).isEqualTo(1);
              assertThat(parked.position()).isEqualTo(before + 1);
              assertThat(parked.eventType()).isEqualTo("SchemaVersionPublishedEvent");
              assertThat(parked.error()).contains("ConstraintValidationFailed");
            });
    assertThat(projector.parkedCount()).isEqualTo(1);
    // the other product's event went in, and the graph's position moved past everything
    assertThat(result.applied()).isEqualTo(1);
    assertThat(projector.position()).isEqualTo(otherProduct.position());
    try (var session = driver.session()) {
      assertThat(
              session
                  .run("MATCH (p:DataProduct {id: 'payments.b'}) RETURN p.latestSchemaVersion AS v")
                  .single()
                  .get("v")
                  .asInt())
          .isEqualTo(1);
      // the parked product's later event was skipped, not applied out of order
      assertThat(
              session
                  .run(
                      "MATCH (:Person {id: 'sam'})-[s:STEWARDS]->(:DataProduct {id: 'payments.a'})"
                          + " RETURN count(s) AS n")
                  .single()
                  .get("n")
                  .asInt())
          .isZero();
    }
    // delivered again, nothing changes and nothing fails
    var again = projector.apply(List.of(steward));
    assertThat(again.applied()).isZero();
    assertThat(projector.parked())
        .extracting(ParkedAggregate::aggregateId)
        .containsExactly("payments.a");
  }

  private static SchemaVersionPublishedEvent schemaV1(DataProductId product) {
    return new SchemaVersionPublishedEvent(
        product,
        1,
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}",
        List.of(new SchemaField("id", "\"string\"", false)),
        CompatibilityMode.BACKWARD,
        null);
  }
}
