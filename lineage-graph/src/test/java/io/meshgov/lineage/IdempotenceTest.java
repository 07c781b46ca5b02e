package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.ProjectionGapException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** Redelivery, reordering inside a batch and rebuilds all end in the same graph. */
class IdempotenceTest {

  private final List<GovernanceEvent> events = new MeshScenario().log.events();

  private String checksumAfter(List<List<GovernanceEvent>> batches) {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    batches.forEach(projector::apply);
    return GraphChecksum.of(driver);
  }

  private String incremental() {
    return checksumAfter(events.stream().map(List::of).toList());
  }

  @Test
  void applying_the_same_stream_twice_changes_nothing() {
    String once = checksumAfter(List.of(events));
    String twice = checksumAfter(List.of(events, events));
    assertThat(twice).isEqualTo(once);
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    projector.apply(events);
    var again = projector.apply(events);
    // observed lineage keeps no progress: applied again, its statement changes nothing
    long observed =
        events.stream()
            .filter(e -> e.payload() instanceof io.meshgov.api.lineage.LineageEvent)
            .count();
    assertThat(observed).isPositive();
    assertThat(again.applied()).isEqualTo(observed);
    assertThat(again.skipped()).isEqualTo(events.size() - observed);
  }

  @Test
  void duplicates_and_reorderings_inside_a_batch_give_the_same_graph() {
    String expected = incremental();
    Random random = new Random(42);
    for (int round = 0; round < 3; round++) {
      int cut = 5 + random.nextInt(events.size() - 10);
      // a first batch: a prefix of the stream, shuffled and with repeats
      List<GovernanceEvent> first = noisy(events.subList(0, cut), random);
      // then the whole stream again, shuffled and with repeats, as a redelivery after a crash
      List<GovernanceEvent> second = noisy(events, random);
      assertThat(checksumAfter(List.of(first, second))).isEqualTo(expected);
      assertThat(checksumAfter(List.of(second))).isEqualTo(expected);
    }
  }

  private static List<GovernanceEvent> noisy(List<GovernanceEvent> events, Random random) {
    List<GovernanceEvent> noisy = new ArrayList<>(events);
    for (int i = 0; i < 10; i++) {
      noisy.add(events.get(random.nextInt(events.size())));
    }
    Collections.shuffle(noisy, random);
    return noisy;
  }

  @Test
  void an_older_event_after_a_newer_one_changes_nothing() {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    projector.apply(events);
    String before = GraphChecksum.of(driver);
    List<GovernanceEvent> older = new ArrayList<>(events.subList(0, 10));
    Collections.reverse(older);
    for (GovernanceEvent event : older) {
      projector.apply(List.of(event));
    }
    assertThat(GraphChecksum.of(driver)).isEqualTo(before);
  }

  @Test
  void an_event_that_skips_one_of_its_aggregate_is_refused_and_changes_nothing() {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    projector.apply(events.subList(0, 2)); // team registered, alice added
    String before = GraphChecksum.of(driver);
    GovernanceEvent bobAdded = events.get(2);
    GovernanceEvent bobRemovedLater =
        events.stream()
            .filter(e -> e.aggregateId().equals(bobAdded.aggregateId()) && e.sequence() == 3)
            .findFirst()
            .orElseThrow();
    assertThatThrownBy(() -> projector.apply(List.of(events.get(5), bobRemovedLater)))
        .isInstanceOf(ProjectionGapException.class);
    assertThat(GraphChecksum.of(driver)).isEqualTo(before);
  }

  @Test
  void a_rebuild_in_large_batches_equals_incremental_projection() {
    String incremental = incremental();
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    for (int from = 0; from < events.size(); from += 7) {
      projector.apply(events.subList(from, Math.min(events.size(), from + 7)));
    }
    assertThat(GraphChecksum.of(driver)).isEqualTo(incremental);
    projector.dropAll();
    projector.apply(events);
    assertThat(GraphChecksum.of(driver)).isEqualTo(incremental);
  }
}
