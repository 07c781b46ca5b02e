package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

class GraphSchemaTest {

  @Test
  void a_graph_written_before_the_position_had_its_own_node_keeps_its_position() {
    Driver driver = Neo4jTestServer.freshGraph();
    try (var session = driver.session()) {
      session.run("CREATE (:ProjectionProgress {id: '$graph', position: 42})").consume();
    }

    GraphSchema.create(driver);

    assertThat(new GraphProjector(driver).position()).isEqualTo(42);
    try (var session = driver.session()) {
      assertThat(
              session
                  .run("MATCH (p:ProjectionProgress {id: '$graph'}) RETURN count(p) AS n")
                  .single()
                  .get("n")
                  .asLong())
          .isZero();
    }
  }
}
