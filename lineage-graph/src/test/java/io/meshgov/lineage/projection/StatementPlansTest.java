package io.meshgov.lineage.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.summary.Plan;

/**
 * The projector's statements are planned once and their plans cached (the event and observed
 * statements with {@code replan=skip}, which keeps a plan however the graph grows). The first plan
 * of a statement is often made on an empty or small graph (a new installation, the first batches of
 * a rebuild), where a scan of a label looks as cheap as an index seek. So every statement is
 * planned here on an empty graph with the schema, and no plan may scan a label, an index or a
 * relationship type: each must find its nodes by an index seek, so its cost grows with the rows it
 * is given, never with the graph. The statistics of a small graph can invite a scan as well (a
 * thousand fields with two field edges between them once made Neo4j scan a whole index for every
 * row and a rebuild of a million events crawl at a few hundred a second): the statements name the
 * index each lookup seeks ({@code USING INDEX SEEK}), and the second test plans them on such a
 * graph.
 */
class StatementPlansTest {

  @Test
  void no_statement_scans_when_planned_on_an_empty_graph(@TempDir Path home) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      GraphSchema.create(driver);
      assertThat(scanning(driver)).isEmpty();
    }
  }

  @Test
  void no_statement_scans_when_planned_on_a_small_graph_whose_statistics_invite_it(
      @TempDir Path home) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      GraphSchema.create(driver);
      try (var session = driver.session()) {
        session
            .run(
                """
                UNWIND range(1, 1000) AS i
                CREATE (:DataProduct {id: 'p' + i, domain: 'd', lifecycle: 'ACTIVE'})
                       -[:HAS_SCHEMA]->(:SchemaVersion {id: 'p' + i + '@1', productId: 'p' + i})
                       -[:HAS_FIELD]->(f:Field {id: 'p' + i + '#a', productId: 'p' + i})
                WITH f, i WHERE i <= 2
                CREATE (f)-[:FEEDS {via: 'x'}]->(:Field {id: 'z' + i, productId: 'z'})
                """)
            .consume();
      }
      assertThat(scanning(driver)).isEmpty();
    }
  }

  /** The projector's statements that plan a scan on this graph, with the scans. */
  private static List<String> scanning(Driver driver) {
    Map<String, String> statements = new TreeMap<>();
    for (Class<?> type : GovernanceCloudEvents.eventTypes().values()) {
      if (EventStatements.of(type) != null) {
        statements.put(type.getSimpleName(), EventStatements.of(type).cypher());
      }
      int i = 0;
      for (InboxStatements.Statement inbox : InboxStatements.of(type)) {
        statements.put(type.getSimpleName() + " inbox " + i, inbox.cypher());
        statements.put(type.getSimpleName() + " inbox " + i++ + " quietly", inbox.quietCypher());
      }
    }
    statements.put("observed", ObservedStatements.CYPHER);
    List<String> scanning = new ArrayList<>();
    try (var session = driver.session()) {
      statements.forEach(
          (name, cypher) -> {
            var summary = session.run("EXPLAIN " + cypher, Map.of("rows", List.of())).consume();
            List<String> found = new ArrayList<>();
            scans(summary.plan(), found);
            // a hint Neo4j cannot follow is only a warning: the plan would be the planner's own
            summary.notifications().stream()
                .filter(n -> n.code().contains("Hint"))
                .forEach(n -> found.add(n.code() + " " + n.description()));
            if (!found.isEmpty()) {
              scanning.add(name + " " + found);
            }
          });
    }
    assertThat(statements).hasSizeGreaterThan(40);
    return scanning;
  }

  private static void scans(Plan plan, List<String> found) {
    String operator = plan.operatorType().replaceAll("@.*", "");
    // every scan operator (of labels, indexes, relationship types, all nodes) has Scan in its name
    if (operator.contains("Scan")) {
      found.add(operator + " " + plan.arguments().getOrDefault("Details", null));
    }
    plan.children().forEach(child -> scans(child, found));
  }
}
