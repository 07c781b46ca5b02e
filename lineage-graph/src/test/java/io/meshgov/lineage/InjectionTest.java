package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.Driver;

/** Input shaped like Cypher or Lucene syntax is data: it finds nothing and changes nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectionTest {

  private Driver driver;
  private Neo4jLineageQueries queries;
  private String checksum;

  @BeforeAll
  void project() {
    driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(new MeshScenario().log.events());
    queries = new Neo4jLineageQueries(driver, 50);
    checksum = GraphChecksum.of(driver);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x'}) MATCH (n) DETACH DELETE n //",
        "payments.settlements\"}) DETACH DELETE n RETURN 1 //",
        "') CALL db.clearQueryCaches() //",
        "*",
        "payments.settlements' OR 1=1 //"
      })
  void injection_shaped_ids_find_nothing_and_change_nothing(String id) {
    assertThat(queries.lineage(id, Direction.BOTH, null, null).nodes()).isEmpty();
    assertThat(queries.fieldLineage(id, id, Direction.BOTH, 3, null).nodes()).isEmpty();
    assertThat(queries.impact(id, List.of(id)).fields()).isEmpty();
    assertThat(queries.ownershipHistory(id)).isEmpty();
    assertThat(queries.product(id)).isEmpty();
    assertThat(queries.productsOwnedBy(id)).isEmpty();
    assertThat(queries.productsTagged(id)).isEmpty();
    assertThat(GraphChecksum.of(driver)).isEqualTo(checksum);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "settled\") DETACH DELETE n //",
        "description:* OR id:*",
        "((( settled",
        "~!@#$%^&*()_+{}|:<>?[]\\;',./",
        "AND OR NOT",
        "\" OR \"\" = \""
      })
  void search_text_is_never_query_syntax(String text) {
    assertThat(queries.search(text, 10)).allSatisfy(p -> assertThat(p.id()).isNotBlank());
    assertThat(queries.search(text, 10)).hasSizeLessThanOrEqualTo(1);
    assertThat(GraphChecksum.of(driver)).isEqualTo(checksum);
  }
}
