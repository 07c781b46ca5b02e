package io.meshgov.benchmarks;

import io.meshgov.api.DataProductId;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.Neo4jLineageWalks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;

/**
 * Rebuild throughput and lineage latency of the lineage graph, each beside a baseline measured in
 * the same run on the same embedded Neo4j (Bolt on 127.0.0.1). Prints Markdown tables.
 *
 * <p>Arguments (all optional): {@code events=100000 products=10000,100000 samples=200 seed=7}.
 *
 * <p>Longer than 400 lines on purpose: each measurement stands beside the baseline it is reported
 * against (raw batched writes, an in-process breadth-first search, the naive path query), in one
 * program, so a reader sees what a figure in docs/benchmarks.md was compared with.
 */
public final class GraphBenchmark {

  private static final long AS_OF = 900_000L; // epoch millis used as "as of" in the mesh graph

  private final Driver driver;
  private final EmbeddedNeo4j neo4j;
  private final Path home;
  private final boolean rich;

  private GraphBenchmark(EmbeddedNeo4j neo4j, Path home, boolean rich) {
    this.neo4j = neo4j;
    this.home = home;
    this.rich = rich;
    this.driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none());
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int events = Integer.parseInt(options.getOrDefault("events", "100000"));
    int[] sizes =
        Arrays.stream(options.getOrDefault("products", "10000,100000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int samples = Integer.parseInt(options.getOrDefault("samples", "200"));
    long seed = Long.parseLong(options.getOrDefault("seed", "7"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "5000"));
    boolean rich = Boolean.parseBoolean(options.getOrDefault("rich", "false"));

    Path home = Files.createTempDirectory("meshgov-bench-neo4j");
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home)) {
      GraphBenchmark benchmark = new GraphBenchmark(neo4j, home, rich);
      System.out.printf(
          "# meshgov graph benchmark, %s, %d cores, Java %s%n%n",
          Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.version());
      if (events > 0) {
        benchmark.rebuild(events, seed, batch);
      }
      for (int size : sizes) {
        benchmark.lineage(size, samples, seed);
      }
      benchmark.diamonds(30);
      benchmark.driver.close();
    } finally {
      Scratch.delete(home);
    }
  }

  // ---------------------------------------------------------------- rebuild

  private void rebuild(int target, long seed, int batch) {
    List<GovernanceEvent> events = SyntheticMesh.events(target, seed);
    GraphProjector projector = new GraphProjector(driver);
    // warm up the JVM and Neo4j's query caches on a part of the stream
    projector.dropAll();
    GraphSchema.create(driver);
    applyInBatches(projector, events.subList(0, events.size() / 5), batch);
    projector.dropAll();

    long started = System.nanoTime();
    applyInBatches(projector, events, batch);
    double rebuildSeconds = (System.nanoTime() - started) / 1e9;
    long nodes =
        count(
            "MATCH (n) WHERE NOT n:ProjectionProgress AND NOT n:GraphPosition"
                + " AND NOT n:GraphMigration RETURN count(n) AS c");
    long relationships = count("MATCH ()-[r]->() RETURN count(r) AS c");
    projector.dropAll();

    double rawSeconds = rawWrite(nodes, relationships);
    projector.dropAll();

    System.out.println("## Rebuild throughput");
    System.out.println();
    System.out.println("| what | events | nodes + relationships | seconds | events/s | writes/s |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    System.out.printf(
        "| projector rebuild, batches of %d events | %d | %d | %.2f | %.0f | %.0f |%n",
        batch,
        events.size(),
        nodes + relationships,
        rebuildSeconds,
        events.size() / rebuildSeconds,
        (nodes + relationships) / rebuildSeconds);
    System.out.printf(
        "| raw baseline: UNWIND CREATE of the same nodes and relationships, batches of 5000 | - | %d | %.2f | %.0f (same work) | %.0f |%n",
        nodes + relationships,
        rawSeconds,
        events.size() / rawSeconds,
        (nodes + relationships) / rawSeconds);
    System.out.printf(
        "%nRebuild reaches %.0f%% of the raw baseline's speed.%n%n",
        100 * rawSeconds / rebuildSeconds);
  }

  private static void applyInBatches(
      GraphProjector projector, List<GovernanceEvent> events, int size) {
    for (int from = 0; from < events.size(); from += size) {
      projector.apply(events.subList(from, Math.min(events.size(), from + size)));
    }
  }

  private double rawWrite(long nodes, long relationships) {
    return RawWrites.seconds(driver, nodes, relationships);
  }

  private void write(String cypher, List<Map<String, Object>> rows) {
    RawWrites.write(driver, cypher, rows);
  }

  private long count(String cypher) {
    try (var session = driver.session()) {
      return session.run(cypher).single().get("c").asLong();
    }
  }

  // ---------------------------------------------------------------- lineage

  private void lineage(int products, int samples, long seed) {
    int[][] dag = SyntheticMesh.dag(products, seed);
    long loading = System.nanoTime();
    int edges = rich ? RichMesh.load(driver, dag) : loadMesh(dag, true);
    double loadSeconds = (System.nanoTime() - loading) / 1e9;
    for (Direction direction : List.of(Direction.DOWNSTREAM, Direction.UPSTREAM)) {
      lineage(products, edges, direction, samples, seed);
    }
    if (rich) {
      RichMesh.impactAndSearch(driver, products, samples, seed);
      RichMesh.footprint(driver, neo4j, home, products, loadSeconds);
    }
  }

  private void lineage(int products, int edges, Direction direction, int samples, long seed) {
    Random random = new Random(seed);
    Neo4jLineageWalks walks = new Neo4jLineageWalks(driver, 1000);
    Neo4jLineageQueries queries = new Neo4jLineageQueries(driver, walks);
    Neo4jLineageQueries cypher =
        new Neo4jLineageQueries(driver, new Neo4jLineageWalks(driver, 1000, false));
    Instant asOf = Instant.ofEpochMilli(AS_OF);
    String[] starts = new String[samples];
    for (int i = 0; i < samples; i++) {
      starts[i] = SyntheticMesh.productId(random.nextInt(products));
    }
    // warm-up
    for (int i = 0; i < Math.min(50, samples); i++) {
      for (Neo4jLineageQueries q : List.of(queries, cypher)) {
        q.lineage(DataProductId.of(starts[i]), direction, 10, asOf);
        q.lineage(DataProductId.of(starts[i]), direction, null, asOf);
      }
    }

    System.out.printf(
        "## Lineage latency, %d products, %d FEEDS edges, %s, as-of filtering on%n%n",
        products, edges, direction.name().toLowerCase(java.util.Locale.ROOT));
    System.out.println(
        "| query | depth | samples | p50 ms | p95 ms | p99 ms | mean nodes reached | cut by cap or timeout |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Integer depth : new Integer[] {3, 10, null}) {
      // the two walks take turns going first, so neither always finds the caches the other left
      long[] nanos = new long[samples];
      long[] cypherNanos = new long[samples];
      long reached = 0;
      long cypherReached = 0;
      int incomplete = 0;
      int cypherIncomplete = 0;
      for (int i = 0; i < samples; i++) {
        DataProductId start = DataProductId.of(starts[i]);
        for (int turn = 0; turn < 2; turn++) {
          boolean procedure = (i + turn) % 2 == 0;
          long started = System.nanoTime();
          LineageResult result =
              (procedure ? queries : cypher).lineage(start, direction, depth, asOf);
          long took = System.nanoTime() - started;
          int cut = result.complete() || depth != null ? 0 : 1;
          if (procedure) {
            nanos[i] = took;
            reached += result.nodes().size();
            incomplete += cut;
          } else {
            cypherNanos[i] = took;
            cypherReached += result.nodes().size();
            cypherIncomplete += cut;
          }
        }
      }
      row(
          walks.usesProcedure()
              ? "meshgov lineage (nodes with depth, edges), procedure walk"
              : "meshgov lineage (nodes with depth, edges)",
          depth,
          nanos,
          reached,
          incomplete);
      row(
          "meshgov lineage, Cypher walk (a server without the procedure)",
          depth,
          cypherNanos,
          cypherReached,
          cypherIncomplete);

      long[] inProcess = new long[samples];
      long inProcessReached = 0;
      for (int i = 0; i < samples; i++) {
        long started = System.nanoTime();
        inProcessReached +=
            inProcessBfs(starts[i], direction, depth == null ? Integer.MAX_VALUE : depth);
        inProcess[i] = System.nanoTime() - started;
      }
      row("lower bound: in-process BFS, Neo4j core API", depth, inProcess, inProcessReached, 0);

      int naiveSamples =
          depth == null ? Math.min(5, samples) : depth == 3 ? samples : Math.min(20, samples);
      naiveRow(Arrays.copyOf(starts, naiveSamples), direction, depth, AS_OF);
    }
    System.out.println();
  }

  /** The worst case for path enumeration: a chain of diamonds, 2^levels paths to the bottom. */
  private void diamonds(int levels) {
    int[][] dag = new int[1 + 2 * levels][];
    dag[0] = new int[0];
    for (int level = 1; level <= levels; level++) {
      for (int side = 0; side < 2; side++) {
        dag[2 * level - 1 + side] =
            level == 1 ? new int[] {0} : new int[] {2 * level - 3, 2 * level - 2};
      }
    }
    loadMesh(dag, false);
    Neo4jLineageQueries queries = new Neo4jLineageQueries(driver, 1000);
    Instant asOf = Instant.ofEpochMilli(AS_OF * 10);
    String root = SyntheticMesh.productId(0);
    for (int i = 0; i < 20; i++) {
      queries.lineage(DataProductId.of(root), Direction.DOWNSTREAM, null, asOf);
    }
    int samples = 20;
    long[] nanos = new long[samples];
    long reached = 0;
    for (int i = 0; i < samples; i++) {
      long started = System.nanoTime();
      reached +=
          queries.lineage(DataProductId.of(root), Direction.DOWNSTREAM, null, asOf).nodes().size();
      nanos[i] = System.nanoTime() - started;
    }
    System.out.printf(
        "## Worst case: a chain of %d diamonds (2^%d paths from top to bottom), downstream from the top%n%n",
        levels, levels);
    System.out.println(
        "| query | depth | samples | p50 ms | p95 ms | p99 ms | mean nodes reached | cut by cap or timeout |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    row("meshgov lineage (nodes with depth, edges)", "unbounded", nanos, reached, 0);
    for (Integer depth : new Integer[] {10, null}) {
      naiveRow(new String[] {root, root, root}, Direction.DOWNSTREAM, depth, AS_OF * 10);
    }
    System.out.println();
  }

  /** Runs the naive query from each start and prints its row; timeouts count as cut. */
  private void naiveRow(String[] starts, Direction direction, Integer depth, long asOf) {
    long[] nanos = new long[starts.length];
    long reached = 0;
    int timeouts = 0;
    for (int i = 0; i < starts.length; i++) {
      long started = System.nanoTime();
      long n = naive(starts[i], direction, depth, asOf);
      nanos[i] = System.nanoTime() - started;
      if (n < 0) {
        timeouts++;
      } else {
        reached += n;
      }
    }
    row("naive: var-length paths with length(p)", depth, nanos, reached, timeouts);
  }

  static void row(String what, Integer depth, long[] nanos, long reached, int cut) {
    row(what, depth == null ? "unbounded" : depth.toString(), nanos, reached, cut);
  }

  static void row(String what, String depth, long[] nanos, long reached, int cut) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "| %s | %s | %d | %.1f | %.1f | %.1f | %.0f | %d |%n",
        what,
        depth,
        nanos.length,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99),
        (double) reached / nanos.length,
        cut);
  }

  private static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** Writes the mesh straight into the graph: products and FEEDS edges with history. */
  private int loadMesh(int[][] dag, boolean someRemoved) {
    new GraphProjector(driver).dropAll();
    GraphSchema.create(driver);
    Random random = new Random(3);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < dag.length; i++) {
      rows.add(Map.of("id", SyntheticMesh.productId(i)));
      if (rows.size() == 5000 || i == dag.length - 1) {
        write("UNWIND $rows AS r CREATE (:DataProduct {id: r.id, lifecycle: 'ACTIVE'})", rows);
        rows = new ArrayList<>();
      }
    }
    int edges = 0;
    rows = new ArrayList<>();
    for (int i = 0; i < dag.length; i++) {
      for (int u : dag[i]) {
        long since = (long) (1_000_000L * (double) i / dag.length);
        // one edge in twenty was removed again before the as-of time
        Long until = someRemoved && random.nextInt(20) == 0 ? since + 1 : null;
        Map<String, Object> row = new HashMap<>();
        row.put("from", SyntheticMesh.productId(u));
        row.put("to", SyntheticMesh.productId(i));
        row.put("since", since);
        row.put("until", until);
        rows.add(row);
        edges++;
        if (rows.size() == 5000) {
          writeEdges(rows);
          rows = new ArrayList<>();
        }
      }
    }
    writeEdges(rows);
    return edges;
  }

  private void writeEdges(List<Map<String, Object>> rows) {
    if (!rows.isEmpty()) {
      write(
          """
          UNWIND $rows AS r
          MATCH (a:DataProduct {id: r.from}), (b:DataProduct {id: r.to})
          CREATE (a)-[:FEEDS {since: r.since, sincePosition: r.since, until: r.until}]->(b)
          """,
          rows);
    }
  }

  /** Breadth-first over the core API inside the database process, with the same as-of filter. */
  private long inProcessBfs(String start, Direction direction, int maxDepth) {
    var way =
        direction == Direction.DOWNSTREAM
            ? org.neo4j.graphdb.Direction.OUTGOING
            : org.neo4j.graphdb.Direction.INCOMING;
    try (var tx = neo4j.database().beginTx()) {
      Node root = tx.findNode(Label.label("DataProduct"), "id", start);
      Set<String> seen = new HashSet<>();
      ArrayDeque<Node> frontier = new ArrayDeque<>(List.of(root));
      seen.add(root.getElementId());
      for (int depth = 0; depth < maxDepth && !frontier.isEmpty(); depth++) {
        ArrayDeque<Node> next = new ArrayDeque<>();
        for (Node node : frontier) {
          for (Relationship r : node.getRelationships(way, RelationshipType.withName("FEEDS"))) {
            long since = (long) r.getProperty("since");
            Object until = r.getProperty("until", null);
            if (since <= AS_OF && (until == null || (long) until > AS_OF)) {
              Node other = r.getOtherNode(node);
              if (seen.add(other.getElementId())) {
                next.add(other);
              }
            }
          }
        }
        frontier = next;
      }
      return seen.size() - 1;
    }
  }

  /** The query that returns every path's length, so enumerates paths; -1 after 10 s. */
  private long naive(String start, Direction direction, Integer depth, long asOf) {
    String bound = depth == null ? "" : String.valueOf(depth);
    String arrow =
        direction == Direction.DOWNSTREAM
            ? "-[rs:FEEDS*1..%s]->".formatted(bound)
            : "<-[rs:FEEDS*1..%s]-".formatted(bound);
    String cypher =
        """
        MATCH p = (s:DataProduct {id: $id})%s(d:DataProduct)
        WHERE all(r IN rs WHERE r.since <= $asOf AND (r.until IS NULL OR r.until > $asOf))
        RETURN d.id AS id, length(p) AS depth
        """
            .formatted(arrow);
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            // the client keeps the shortest length per product, as a naive caller would
            Map<String, Integer> depths = new HashMap<>();
            tx.run(cypher, Map.of("id", start, "asOf", asOf))
                .forEachRemaining(
                    r -> depths.merge(r.get("id").asString(), r.get("depth").asInt(), Math::min));
            return (long) depths.size();
          },
          TransactionConfig.builder().withTimeout(Duration.ofSeconds(10)).build());
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
