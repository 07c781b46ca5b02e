package io.meshgov.lineage.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.lineage.Neo4jTestServer;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * A start makes only the constraints and indexes that are missing, the same ones whether it makes
 * them in Cypher (a Neo4j server) or through the Java API in process (the embedded Neo4j), and runs
 * each data fix at most once per graph, none on an empty graph (on a real Neo4j).
 */
class GraphSchemaStatementsTest {

  @Test
  void an_empty_graph_lacks_every_definition_and_each_statement_names_its_definition() {
    assertThat(GraphSchema.missing(Set.of())).isEqualTo(GraphSchema.DEFINITIONS);
    assertThat(GraphSchema.DEFINITIONS)
        .allSatisfy(d -> assertThat(d.cypher()).contains(" " + d.name() + " IF NOT EXISTS "));
    assertThat(GraphSchema.DEFINITIONS.stream().map(GraphSchema.Definition::name).distinct())
        .hasSameSizeAs(GraphSchema.DEFINITIONS);
  }

  @Test
  void once_made_nothing_is_missing_and_a_second_start_changes_nothing() {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphSchema.create(driver);
    Set<String> existing = names(driver);
    assertThat(GraphSchema.missing(existing)).isEmpty();
    assertThat(existing).contains("data_product_id", "product_revision_text", "inbox_item_person");
    assertThat(migrations(driver)).isEqualTo(everyFixAndMigration());

    GraphSchema.create(driver);
    assertThat(names(driver)).isEqualTo(existing);
    assertThat(migrations(driver)).isEqualTo(everyFixAndMigration());
  }

  @Test
  void in_process_makes_the_same_constraints_and_indexes_as_cypher(@TempDir Path home) {
    List<String> inCypher = described(Neo4jTestServer.freshGraph());
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      GraphSchema.create(driver, neo4j.database());
      // a constraint comes with the index it owns
      long expected =
          GraphSchema.DEFINITIONS.stream()
              .mapToLong(d -> d.kind() == GraphSchema.Kind.UNIQUE ? 2 : 1)
              .sum();
      assertThat(described(driver)).hasSize((int) expected);
      assertThat(described(driver)).isEqualTo(inCypher);
      assertThat(migrations(driver)).isEqualTo(everyFixAndMigration());

      GraphSchema.create(driver, neo4j.database());
      assertThat(described(driver)).isEqualTo(inCypher);
    }
  }

  @Test
  void an_earlier_versions_graph_loses_the_dropped_constraint_and_gets_its_fixes_once(
      @TempDir Path home) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      try (var session = driver.session()) {
        session
            .run("CREATE CONSTRAINT transfer_id FOR (n:OwnershipTransfer) REQUIRE n.id IS UNIQUE")
            .consume();
        session
            .run(
                "CREATE (:OwnershipTransfer {id: 't1', requestPosition: 7})"
                    + "-[:OF]->(:DataProduct {id: 'p1'})")
            .consume();
      }
      GraphSchema.create(driver, neo4j.database());
      try (var session = driver.session()) {
        assertThat(session.run("MATCH (x:OwnershipTransfer) RETURN x.key AS key").single().get(0))
            .hasToString("\"p1/t1@7\"");
        // the fix does not run again: a key it would complete stays as it is
        session.run("MATCH (x:OwnershipTransfer) SET x.key = 'p1/t1'").consume();
      }
      assertThat(names(driver)).doesNotContain("transfer_id").contains("transfer_key");
      assertThat(migrations(driver)).isEqualTo(everyFixAndMigration());

      GraphSchema.create(driver, neo4j.database());
      try (var session = driver.session()) {
        assertThat(session.run("MATCH (x:OwnershipTransfer) RETURN x.key AS key").single().get(0))
            .hasToString("\"p1/t1\"");
      }
      new GraphProjector(driver).dropAll();
      assertThat(migrations(driver))
          .as("a rebuild's emptied graph is written again by this version: no migration again")
          .isEqualTo(everyFixAndMigration());
    }
  }

  @Test
  void an_earlier_versions_graph_loses_the_edges_and_properties_another_node_already_holds(
      @TempDir Path home) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      try (var session = driver.session()) {
        session
            .run(
                """
                CREATE (d:Domain {id: 'sales'})<-[:IN_DOMAIN]-(p:DataProduct {id: 'sales.orders',
                         domain: 'sales'})-[:HAS_SCHEMA]->(v:SchemaVersion {id: 'sales.orders@1'})
                CREATE (f:Field {id: 'sales.orders#id', name: 'id', type: 'string',
                                 optional: false})
                CREATE (p)-[:HAS_FIELD {since: 1}]->(f), (v)-[:HAS_FIELD {type: 'string'}]->(f)
                CREATE (:Team {id: 'sellers'})-[:IN_DOMAIN]->(d)
                """)
            .consume();
      }
      GraphSchema.create(driver, neo4j.database());
      try (var session = driver.session()) {
        var left =
            session
                .run(
                    """
                    MATCH (a)-[r]->(b)
                    RETURN labels(a)[0] + '-' + type(r) + '->' + labels(b)[0] AS edge
                    ORDER BY edge
                    """)
                .list(r -> r.get("edge").asString());
        assertThat(left)
            .containsExactly(
                "DataProduct-HAS_SCHEMA->SchemaVersion",
                "SchemaVersion-HAS_FIELD->Field",
                "Team-IN_DOMAIN->Domain");
        assertThat(session.run("MATCH (f:Field) RETURN keys(f) AS k").single().get(0).asList())
            .containsExactlyInAnyOrder("id", "name");
      }
    }
  }

  @Test
  void in_process_a_start_accepts_what_cypher_accepts(@TempDir Path home) {
    // an operator's index equal to one of ours under another name, and an index named like the
    // constraint that is dropped: Cypher's IF (NOT) EXISTS statements pass over both
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      try (var session = driver.session()) {
        session.run("CREATE INDEX operators_domain FOR (n:DataProduct) ON (n.domain)").consume();
        session.run("CREATE INDEX transfer_id FOR (n:OwnershipTransfer) ON (n.id)").consume();
      }
      GraphSchema.create(driver, neo4j.database());
      assertThat(names(driver))
          .contains("operators_domain", "transfer_id", "data_product_id", "transfer_key")
          .doesNotContain("data_product_domain");
    }
  }

  private static Set<String> everyFixAndMigration() {
    Set<String> ids = new TreeSet<>(GraphSchema.FIXES.keySet());
    ids.addAll(GraphSchema.MIGRATIONS.keySet());
    return ids;
  }

  private static Set<String> migrations(Driver driver) {
    try (var session = driver.session()) {
      return new TreeSet<>(
          session
              .run("MATCH (m:GraphMigration) RETURN collect(m.id) AS ids")
              .single()
              .get(0)
              .asList(v -> v.asString()));
    }
  }

  private static Set<String> names(Driver driver) {
    Set<String> names = new HashSet<>();
    try (var session = driver.session()) {
      for (String show : List.of("SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name")) {
        session.run(show).forEachRemaining(r -> names.add(r.get("name").asString()));
      }
    }
    return names;
  }

  /**
   * Every constraint and index as Neo4j describes it (name, type, labels, properties, and for
   * indexes the provider and settings), sorted, without the lookup indexes Neo4j makes itself.
   */
  private static List<String> described(Driver driver) {
    List<String> described = new ArrayList<>();
    try (var session = driver.session()) {
      session
          .run("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties, ownedIndex")
          .forEachRemaining(r -> described.add("constraint " + r.values()));
      session
          .run(
              "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, indexProvider, options,"
                  + " owningConstraint")
          .forEachRemaining(r -> described.add("index " + r.values()));
    }
    return without(described);
  }

  /** Without the lookup indexes Neo4j makes of its own (for labels and relationship types). */
  private static List<String> without(List<String> described) {
    return described.stream().filter(d -> !d.contains("\"LOOKUP\"")).sorted().toList();
  }
}
