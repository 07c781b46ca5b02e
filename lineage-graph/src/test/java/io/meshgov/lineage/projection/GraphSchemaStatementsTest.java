package io.meshgov.lineage.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.lineage.Neo4jTestServer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/** A start runs only the schema statements that would change something (on a real Neo4j). */
class GraphSchemaStatementsTest {

  @Test
  void an_empty_graph_gets_every_constraint_and_index_and_no_drop() {
    List<String> needed = GraphSchema.needed(Set.of());
    assertThat(needed).noneMatch(s -> s.startsWith("DROP"));
    assertThat(needed)
        .containsAll(GraphSchema.STATEMENTS.stream().filter(s -> s.startsWith("CREATE")).toList());
  }

  @Test
  void once_made_only_the_data_fixes_run_again() {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphSchema.create(driver);
    Set<String> existing = new HashSet<>();
    try (var session = driver.session()) {
      for (String show : List.of("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")) {
        session.run(show).forEachRemaining(r -> existing.add(r.get("name").asString()));
      }
    }
    // every CREATE statement's name is one the server now knows: none is skipped by a wrong
    // name, and none runs again
    assertThat(GraphSchema.needed(existing)).allMatch(s -> s.startsWith("MATCH"));
    assertThat(existing).contains("data_product_id", "product_revision_text", "inbox_item_person");

    GraphSchema.create(driver); // and a second start changes nothing
    Set<String> again = new HashSet<>();
    try (var session = driver.session()) {
      session
          .run("SHOW INDEXES YIELD name")
          .forEachRemaining(r -> again.add(r.get("name").asString()));
    }
    assertThat(existing).containsAll(again);
  }
}
