package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.TeamId;
import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.lineage.ObservedDataset.ObservedField;
import io.meshgov.api.product.DataProductEvent.DatasetBoundEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.DriftFinding;
import io.meshgov.lineage.query.Neo4jDriftQueries;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schema drift is compared after the graph is read: when the first candidates all match their
 * published schemas, the one that drifted is still found, whatever the order the graph answers in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftSchemaTest {

  private Neo4jDriftQueries drift;
  private EventLog log;

  @BeforeAll
  void fiveProductsOneDrifted() {
    log = new EventLog();
    for (int i = 0; i < 5; i++) {
      DataProductId product = DataProductId.of("schemas.p" + i);
      log.add(MeshScenario.product(product, TeamId.of("schemas-team"), "sam", "p" + i));
      log.add(MeshScenario.schema(product, 1, "id", "amount"));
      log.add(new DatasetBoundEvent(product, "kafka://bus", "topic.p" + i));
      // p4's pipeline writes a field more than p4 published; the others write what they publish
      List<ObservedField> observed =
          i == 4
              ? List.of(
                  new ObservedField("id", "string"),
                  new ObservedField("amount", "string"),
                  new ObservedField("extra", "string"))
              : List.of(new ObservedField("id", "string"), new ObservedField("amount", "string"));
      log.add(
          new RunObservedEvent(
              UUID.nameUUIDFromBytes(("run" + i).getBytes()).toString(),
              "COMPLETE",
              log.now(),
              "airflow://schemas",
              "job" + i,
              List.of(),
              List.of(
                  new ObservedDataset(
                      "kafka://bus", "topic.p" + i, observed, List.of(), List.of())),
              List.of(),
              null,
              null,
              null));
    }
    var driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(log.events());
    drift = new Neo4jDriftQueries(driver);
  }

  @Test
  void the_one_drifted_schema_is_found_when_one_finding_is_asked() {
    List<DriftFinding> one = drift.drift(null, null, null, null, EventLog.START, 1);

    assertThat(one).hasSize(1);
    assertThat(one.get(0).kind()).isEqualTo("SCHEMA_DRIFT");
    assertThat(one.get(0).product()).isEqualTo("schemas.p4");
    assertThat(one.get(0).details()).containsExactly("added: extra is observed but not published");
  }

  @Test
  void every_kind_is_read_and_nothing_else_drifted() {
    assertThat(drift.drift(null, null, null, null, EventLog.START, 100))
        .extracting(DriftFinding::kind, DriftFinding::product)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SCHEMA_DRIFT", "schemas.p4"));
  }
}
