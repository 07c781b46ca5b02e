package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.Neo4jLineageWalks;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.neo4j.driver.Driver;

/**
 * A chain of 40 diamonds: every level has two products and each reads both of the level above, so
 * the bottom is reached by 2^40 paths. A walk that enumerated paths would never finish; ours visits
 * each product once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraversalTest {

  private static final int LEVELS = 40;
  private Driver driver;
  private Neo4jLineageQueries queries;

  private static DataProductId node(int level, int side) {
    return DataProductId.of("mesh.l" + level + (side == 0 ? "a" : "b"));
  }

  @BeforeAll
  void buildDiamonds() {
    driver = Neo4jTestServer.freshGraph();
    EventLog log = new EventLog();
    TeamId team = TeamId.of("platform");
    log.add(MeshScenario.product(DataProductId.of("mesh.root"), team, "steve", "root"));
    for (int level = 1; level <= LEVELS; level++) {
      for (int side = 0; side < 2; side++) {
        log.add(MeshScenario.product(node(level, side), team, "steve", "level " + level));
      }
    }
    for (int side = 0; side < 2; side++) {
      log.add(new UpstreamDeclaredEvent(node(1, side), DataProductId.of("mesh.root"), List.of()));
    }
    for (int level = 2; level <= LEVELS; level++) {
      for (int side = 0; side < 2; side++) {
        for (int upper = 0; upper < 2; upper++) {
          log.add(new UpstreamDeclaredEvent(node(level, side), node(level - 1, upper), List.of()));
        }
      }
    }
    new GraphProjector(driver).apply(log.events());
    queries = new Neo4jLineageQueries(driver, 100);
  }

  @Test
  void downstream_of_the_top_lists_every_product_once_with_its_depth() {
    LineageResult result =
        queries.lineage(DataProductId.of("mesh.root"), Direction.DOWNSTREAM, null, null);

    assertThat(result.complete()).isTrue();
    assertThat(result.nodes()).hasSize(2 * LEVELS);
    assertThat(result.nodes().stream().map(LineageResult.Node::id).collect(Collectors.toSet()))
        .hasSize(2 * LEVELS);
    assertThat(result.nodes())
        .allSatisfy(
            n ->
                assertThat(n.depth())
                    .isEqualTo(Integer.parseInt(n.id().replaceAll("mesh\\.l(\\d+)[ab]", "$1"))));
    assertThat(result.edges()).hasSize(2 + 4 * (LEVELS - 1));
    // speed is the benchmarks' business (docs/benchmarks.md); that the walk visits each node once
    // instead of enumerating the 2^LEVELS paths is shown by the plan test below
  }

  @Test
  void upstream_of_the_bottom_reaches_the_root() {
    LineageResult result = queries.lineage(node(LEVELS, 0), Direction.UPSTREAM, null, null);
    assertThat(result.nodes()).hasSize(2 * LEVELS - 1);
    assertThat(result.nodes())
        .filteredOn(n -> n.id().equals("mesh.root"))
        .singleElement()
        .satisfies(n -> assertThat(n.depth()).isEqualTo(LEVELS));
  }

  @Test
  void a_depth_cap_cuts_the_answer_and_says_so() {
    LineageResult capped =
        queries.lineage(DataProductId.of("mesh.root"), Direction.DOWNSTREAM, 10, null);
    assertThat(capped.complete()).isFalse();
    assertThat(capped.depthLimit()).isEqualTo(10);
    assertThat(capped.nodes())
        .hasSize(20)
        .allSatisfy(n -> assertThat(n.depth()).isLessThanOrEqualTo(10));
    assertThat(capped.edges())
        .allSatisfy(
            e -> assertThat(capped.nodes().stream().anyMatch(n -> n.id().equals(e.to()))).isTrue());

    LineageResult exact =
        queries.lineage(DataProductId.of("mesh.root"), Direction.DOWNSTREAM, LEVELS, null);
    assertThat(exact.complete()).isTrue();

    LineageResult configuredMaximum =
        new Neo4jLineageQueries(driver, 5)
            .lineage(DataProductId.of("mesh.root"), Direction.DOWNSTREAM, null, null);
    assertThat(configuredMaximum.complete()).isFalse();
    assertThat(configuredMaximum.depthLimit()).isEqualTo(5);
    assertThat(
            queries
                .lineage(DataProductId.of("mesh.root"), Direction.DOWNSTREAM, 0, null)
                .complete())
        .isFalse();
  }

  @Test
  void both_directions_are_walked_separately() {
    LineageResult result = queries.lineage(node(20, 0), Direction.BOTH, 2, null);
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    result.nodes().forEach(n -> (n.side() == Direction.UPSTREAM ? up : down).add(n.id()));
    assertThat(up).containsExactlyInAnyOrder("mesh.l19a", "mesh.l19b", "mesh.l18a", "mesh.l18b");
    assertThat(down).containsExactlyInAnyOrder("mesh.l21a", "mesh.l21b", "mesh.l22a", "mesh.l22b");
  }

  @Test
  void the_reach_query_is_planned_as_a_pruning_breadth_first_expansion() {
    try (var session = driver.session()) {
      var plan =
          session
              .run(
                  "EXPLAIN "
                      + Neo4jLineageWalks.walkQuery("DataProduct", Direction.DOWNSTREAM, 11, true),
                  java.util.Map.of("roots", List.of("mesh.root"), "asOf", 0L))
              .consume()
              .plan();
      assertThat(operators(plan)).anyMatch(op -> op.contains("Pruning") || op.contains("BFS"));
    }
  }

  private static List<String> operators(org.neo4j.driver.summary.Plan plan) {
    List<String> names = new ArrayList<>();
    names.add(plan.operatorType());
    plan.children().forEach(child -> names.addAll(operators(child)));
    return names;
  }
}
