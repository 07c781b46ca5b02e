package io.meshgov.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.wire.GovernanceEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's mesh is what docs/benchmarks.md says it is. */
class SyntheticMeshTest {

  @Test
  void the_mesh_is_a_dag_with_about_three_upstreams_per_product_and_a_long_tail() {
    int[][] dag = SyntheticMesh.dag(10_000, 7);
    int[] feeds = new int[dag.length];
    long edges = 0;
    for (int i = 0; i < dag.length; i++) {
      for (int u : dag[i]) {
        assertThat(u).isLessThan(i); // upstreams are older: no cycle is possible
        feeds[u]++;
        edges++;
      }
      assertThat(new HashSet<>(Arrays.stream(dag[i]).boxed().toList())).hasSize(dag[i].length);
    }
    assertThat(edges / (double) dag.length).isBetween(2.5, 3.5);
    int max = Arrays.stream(feeds).max().orElseThrow();
    assertThat(max).as("the busiest source feeds far more than the mean of 3").isGreaterThan(100);
  }

  @Test
  void the_event_log_is_in_store_order() {
    List<GovernanceEvent> events = SyntheticMesh.events(5_000, 7);
    assertThat(events).hasSizeGreaterThanOrEqualTo(4_900);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).position()).isEqualTo(events.get(i - 1).position() + 1);
      assertThat(events.get(i).time()).isAfter(events.get(i - 1).time());
    }
  }
}
