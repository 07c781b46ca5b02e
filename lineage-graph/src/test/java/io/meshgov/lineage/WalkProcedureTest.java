package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.ImpactResult;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.Neo4jLineageWalks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.internal.kernel.api.procs.QualifiedName;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The walk's procedure answers exactly as the Cypher query it stands in for: on a random mesh with
 * history (edges removed again, asked now and as of a past time), cycles, a node of another label
 * in a FEEDS chain, and field lineage, every walk and impact is compared with the same walk in
 * Cypher on the same graph.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkProcedureTest {

  private static final int PRODUCTS = 60;
  private EmbeddedNeo4j neo4j;
  private Driver driver;
  private Neo4jLineageQueries withProcedure;
  private Neo4jLineageQueries inCypher;

  private static String product(int i) {
    return "mesh.p" + i;
  }

  /**
   * A graph of the class's own, embedded: it has the procedure wherever the tests run (the shared
   * test server may be a container without it).
   */
  @BeforeAll
  void randomMesh(@TempDir Path home) {
    neo4j = EmbeddedNeo4j.start(home);
    driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
    GraphSchema.create(driver);
    write(driver, randomMeshRows(new Random(11)));
    Neo4jLineageWalks walks = new Neo4jLineageWalks(driver, 50);
    withProcedure = new Neo4jLineageQueries(driver, walks);
    inCypher = new Neo4jLineageQueries(driver, new Neo4jLineageWalks(driver, 50, false));
    assertThat(walks.usesProcedure()).isTrue();
  }

  @AfterAll
  void close() {
    driver.close();
    neo4j.close();
  }

  /** Products with two fields each; FEEDS between products and between their fields. */
  private static List<Map<String, Object>> randomMeshRows(Random random) {
    List<Map<String, Object>> edges = new ArrayList<>();
    for (int i = 1; i < PRODUCTS; i++) {
      int reads = random.nextInt(4);
      for (int k = 0; k < reads; k++) {
        int from = random.nextInt(i);
        edges.add(edge(random, from, i));
      }
    }
    // a few cycles: the walk must visit each node once whatever the graph holds
    for (int k = 0; k < 5; k++) {
      int to = random.nextInt(PRODUCTS / 2);
      edges.add(edge(random, to + PRODUCTS / 2, to));
    }
    return edges;
  }

  private static Map<String, Object> edge(Random random, int from, int to) {
    long since = random.nextInt(1000);
    Map<String, Object> row = new HashMap<>();
    row.put("from", product(from));
    row.put("to", product(to));
    row.put("since", since);
    row.put("until", random.nextInt(5) == 0 ? since + 1 + random.nextInt(300) : null);
    row.put("fromField", "f" + random.nextInt(2));
    row.put("toField", "f" + random.nextInt(2));
    return row;
  }

  private static void write(Driver driver, List<Map<String, Object>> edges) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < PRODUCTS; i++) {
      ids.add(product(i));
    }
    try (var session = driver.session()) {
      session
          .run(
              """
              UNWIND $ids AS id
              CREATE (p:DataProduct {id: id, lifecycle: 'ACTIVE'})-[:HAS_SCHEMA]->
                     (v:SchemaVersion {id: id + '@1', productId: id, version: 1,
                                       publishedAt: 0, position: 0})
              WITH v, id UNWIND ['f0', 'f1'] AS name
              CREATE (v)-[:HAS_FIELD {type: '"string"', optional: false}]->
                     (:Field {id: id + '#' + name, name: name, productId: id})
              """,
              Map.of("ids", ids))
          .consume();
      session
          .run(
              """
              UNWIND $edges AS e
              MATCH (a:DataProduct {id: e.from}), (b:DataProduct {id: e.to})
              CREATE (a)-[:FEEDS {since: e.since, until: e.until}]->(b)
              WITH e
              MATCH (x:Field {id: e.from + '#' + e.fromField}), (y:Field {id: e.to + '#' + e.toField})
              CREATE (x)-[:FEEDS {since: e.since, until: e.until, via: e.from + '>' + e.to}]->(y)
              """,
              Map.of("edges", edges))
          .consume();
      // a node of another label inside a FEEDS chain: Cypher's variable-length match passes
      // through it, and so must the procedure; a loop; history that is not a whole number, absent
      // or not a number at all
      session
          .run(
              """
              MATCH (a:DataProduct {id: 'mesh.p1'}), (b:DataProduct {id: 'mesh.p58'}),
                    (c:DataProduct {id: 'mesh.p2'}), (d:DataProduct {id: 'mesh.p40'}),
                    (e:DataProduct {id: 'mesh.p3'}), (f:DataProduct {id: 'mesh.p41'}),
                    (g:DataProduct {id: 'mesh.p5'}), (h:DataProduct {id: 'mesh.p59'})
              CREATE (a)-[:FEEDS {since: 0}]->(:Legacy {id: 'legacy'})-[:FEEDS {since: 0}]->(b),
                     (b)-[:FEEDS {since: 0}]->(h),
                     (g)-[:FEEDS {since: 0}]->(g),
                     (c)-[:FEEDS {since: 0.5, until: 500.5}]->(d),
                     (e)-[:FEEDS {until: 900}]->(f),
                     (e)-[:FEEDS {since: 'yesterday'}]->(d)
              """)
          .consume();
    }
  }

  /**
   * The procedure's edges against the rows of the Cypher query it stands in for, directly: every
   * pair, so a node passed through (of another label) shows, as do duplicate, missing and several
   * roots, and every bound.
   */
  @Test
  void the_procedure_lists_the_edges_the_cypher_query_lists() {
    List<List<String>> rootSets =
        List.of(
            List.of("mesh.p1"),
            List.of("mesh.p1", "mesh.p1"),
            List.of("mesh.nothing", "mesh.p2"),
            List.of("mesh.p3", "mesh.p7", "mesh.p30"),
            List.of("mesh.p5"),
            List.of("mesh.p40"),
            List.of("mesh.p58"));
    int compared = 0;
    int pairs = 0;
    for (String label : List.of("DataProduct", "Field")) {
      for (List<String> products : rootSets) {
        List<String> roots =
            label.equals("Field") ? products.stream().map(p -> p + "#f0").toList() : products;
        for (Direction side : List.of(Direction.DOWNSTREAM, Direction.UPSTREAM)) {
          for (int bound : new int[] {1, 2, 3, 5, 50}) {
            for (Long asOf : Arrays.asList(null, 500L)) {
              List<String> expected = cypherPairs(label, roots, side, bound, asOf);
              assertThat(procedurePairs(label, roots, side, bound, asOf))
                  .as("%s %s %s bound %d as of %s", label, roots, side, bound, asOf)
                  .isEqualTo(expected);
              compared++;
              pairs += expected.size();
            }
          }
        }
      }
    }
    assertThat(compared).isEqualTo(2 * 7 * 2 * 5 * 2);
    assertThat(pairs).isGreaterThan(compared);
    // the chain through the node of another label is in both: mesh.p58 is reached through it
    assertThat(procedurePairs("DataProduct", List.of("mesh.p1"), Direction.DOWNSTREAM, 2, null))
        .contains("mesh.p58>mesh.p59");
  }

  private List<String> procedurePairs(
      String label, List<String> roots, Direction side, int bound, Long asOf) {
    Map<String, Object> params = new HashMap<>();
    params.put("label", label);
    params.put("roots", roots);
    params.put("downstream", side == Direction.DOWNSTREAM);
    params.put("bound", bound);
    params.put("asOf", asOf);
    try (var session = driver.session()) {
      List<Object> flat =
          session
              .run(
                  "CALL meshgov.feedsWithin($label, $roots, $downstream, $bound, $asOf)"
                      + " YIELD pairs",
                  params)
              .single()
              .get("pairs")
              .asList();
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < flat.size(); i += 2) {
        pairs.add(flat.get(i) + ">" + flat.get(i + 1));
      }
      pairs.sort(null);
      return pairs;
    }
  }

  private List<String> cypherPairs(
      String label, List<String> roots, Direction side, int bound, Long asOf) {
    Map<String, Object> params = new HashMap<>();
    params.put("roots", roots);
    params.put("asOf", asOf);
    try (var session = driver.session()) {
      List<String> pairs = new ArrayList<>();
      session
          .run(Neo4jLineageWalks.walkQuery(label, side, bound, asOf != null), params)
          .forEachRemaining(
              r ->
                  r.get("far")
                      .asList()
                      .forEach(far -> pairs.add(r.get("near").asString() + ">" + far)));
      pairs.sort(null);
      return pairs;
    }
  }

  @Test
  void product_walks_answer_as_the_cypher_query_does() {
    int compared = 0;
    int reached = 0;
    for (int i = 0; i < PRODUCTS; i += 3) {
      for (Direction direction : Direction.values()) {
        for (Integer depth : Arrays.asList(0, 1, 2, 3, null)) {
          for (Instant asOf : Arrays.asList(null, Instant.ofEpochMilli(500))) {
            DataProductId id = DataProductId.of(product(i));
            assertThat(normalised(withProcedure.lineage(id, direction, depth, asOf)))
                .as("%s %s depth %s as of %s", id, direction, depth, asOf)
                .isEqualTo(normalised(inCypher.lineage(id, direction, depth, asOf)));
            compared++;
            reached += withProcedure.lineage(id, direction, depth, asOf).nodes().size();
          }
        }
      }
    }
    assertThat(compared).isEqualTo(20 * 3 * 5 * 2);
    // walks that reach something: an answer of empty walks would compare equal too
    assertThat(reached).isGreaterThan(compared);
  }

  @Test
  void field_walks_and_impact_answer_as_the_cypher_query_does() {
    for (int i = 0; i < PRODUCTS; i += 2) {
      DataProductId id = DataProductId.of(product(i));
      for (Direction direction : Direction.values()) {
        for (Integer depth : Arrays.asList(1, 3, null)) {
          for (Instant asOf : Arrays.asList(null, Instant.ofEpochMilli(500))) {
            assertThat(normalised(withProcedure.fieldLineage(id, "f0", direction, depth, asOf)))
                .isEqualTo(normalised(inCypher.fieldLineage(id, "f0", direction, depth, asOf)));
          }
        }
      }
      for (Instant asOf : Arrays.asList(null, Instant.ofEpochMilli(500))) {
        ImpactResult viaProcedure = withProcedure.impact(id, List.of("f0", "f1", "gone"), asOf);
        assertThat(viaProcedure).isEqualTo(inCypher.impact(id, List.of("f0", "f1", "gone"), asOf));
      }
    }
  }

  @Test
  void the_procedure_refuses_what_no_walk_asks() {
    try (var session = driver.session()) {
      for (String call :
          List.of(
              "CALL meshgov.feedsWithin('Team', ['x'], true, 3, null)",
              "CALL meshgov.feedsWithin('DataProduct', ['x'], true, 0, null)",
              "CALL meshgov.feedsWithin('DataProduct', [x IN range(0, 10000) | 'p' + x],"
                  + " true, 3, null)")) {
        assertThatThrownBy(() -> session.run(call).consume())
            .as(call)
            .isInstanceOfSatisfying(
                ClientException.class,
                e ->
                    assertThat(e.code())
                        .isEqualTo("Neo.ClientError.Procedure.ProcedureCallFailed"));
      }
    }
  }

  /** Edges as a set: the procedure lists them in its own order. */
  private static Map<String, Object> normalised(LineageResult result) {
    return Map.of(
        "root", result.root(),
        "nodes", result.nodes(),
        "edges", new HashSet<>(result.edges()),
        "complete", result.complete(),
        "limit", result.depthLimit());
  }

  /**
   * A Neo4j that loses the procedure after a walk used it (a server restarted without its plugin)
   * answers the next walk in Cypher instead of failing it.
   */
  @Test
  void a_graph_that_loses_the_procedure_is_walked_in_cypher(@TempDir Path home) {
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver own = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      write(own, randomMeshRows(new Random(5)));
      Neo4jLineageWalks walks = new Neo4jLineageWalks(own, 50);
      Neo4jLineageQueries queries = new Neo4jLineageQueries(own, walks);
      DataProductId root = DataProductId.of(product(0));
      LineageResult before = queries.lineage(root, Direction.DOWNSTREAM, null, null);
      assertThat(walks.usesProcedure()).isTrue();

      ((GraphDatabaseAPI) neo4j.database())
          .getDependencyResolver()
          .resolveDependency(GlobalProcedures.class)
          .unregister(new QualifiedName("meshgov", "feedsWithin"));
      // a restarted server plans afresh; here the plan of the call is dropped by hand
      try (var session = own.session()) {
        session.run("CALL db.clearQueryCaches()").consume();
      }

      LineageResult after = queries.lineage(root, Direction.DOWNSTREAM, null, null);
      assertThat(walks.usesProcedure()).isFalse();
      assertThat(normalised(after)).isEqualTo(normalised(before));
      assertThat(after.nodes()).isNotEmpty();
    }
  }
}
