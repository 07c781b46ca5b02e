package io.meshgov.benchmarks;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.lineage.query.ImpactResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.neo4j.driver.Driver;
import org.neo4j.io.pagecache.PageCache;
import org.neo4j.kernel.impl.transaction.log.checkpoint.CheckPointer;
import org.neo4j.kernel.impl.transaction.log.checkpoint.SimpleTriggerInfo;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The mesh of {@code GraphBenchmark rich=true}: what the application's graph holds for a product,
 * not only its lineage: a name and description (searched through the full-text index), an owning
 * team, three fields, field lineage along every product edge (what impact walks), and a
 * subscription on every tenth product. Then the impact and search rows, and the graph's heap and
 * disk.
 */
final class RichMesh {

  private static final String[] WORDS = {
    "settlement",
    "payment",
    "invoice",
    "customer",
    "order",
    "shipment",
    "refund",
    "ledger",
    "account",
    "balance",
    "transfer",
    "merchant",
    "card",
    "fraud",
    "risk",
    "score",
    "price",
    "quote",
    "trade",
    "position",
    "exposure",
    "limit",
    "claim",
    "policy",
    "premium",
    "member",
    "session",
    "click",
    "campaign",
    "lead",
    "contract",
    "supplier",
    "stock",
    "warehouse",
    "parcel",
    "route",
    "delivery",
    "return",
    "review",
    "rating",
    "product",
    "catalog",
    "basket",
    "checkout",
    "tax",
    "currency",
    "rate",
    "forecast",
    "budget",
    "payroll",
    "employee",
    "shift",
    "ticket",
    "incident",
    "alert",
    "metric",
    "device",
    "sensor",
    "reading",
    "energy",
    "meter",
    "tariff",
    "subscription",
    "churn",
    "loyalty",
    "voucher",
    "coupon",
    "partner",
    "region",
    "country",
    "store",
    "branch",
    "loan",
    "mortgage",
    "deposit",
    "interest",
    "dividend",
    "bond",
    "fund",
    "portfolio",
    "benchmark",
    "audit",
    "journal",
    "entry",
    "reconciliation",
    "dispute",
    "chargeback",
    "authorisation",
    "clearing",
    "batch",
    "snapshot",
    "daily",
    "hourly",
    "monthly",
    "summary",
    "detail",
    "raw",
    "curated"
  };

  private static final int TEAMS = 10_000;
  private static final int BATCH = 5_000;

  private RichMesh() {}

  static String name(int i) {
    Random random = new Random(i * 31L + 17);
    return WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
  }

  /** Writes the mesh; returns the number of product FEEDS edges. */
  static int load(Driver driver, int[][] dag) {
    new GraphProjector(driver).dropAll();
    GraphSchema.create(driver);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int t = 0; t < TEAMS; t++) {
      rows.add(Map.of("id", "team-" + t));
    }
    RawWrites.write(driver, "UNWIND $rows AS r CREATE (:Team {id: r.id})", rows);
    rows = new ArrayList<>();
    for (int i = 0; i < dag.length; i++) {
      Random random = new Random(i);
      Map<String, Object> row = new HashMap<>();
      row.put("id", SyntheticMesh.productId(i));
      row.put("domain", "d" + (i % 50));
      row.put("name", name(i));
      row.put(
          "description",
          "The "
              + WORDS[random.nextInt(WORDS.length)]
              + " "
              + WORDS[random.nextInt(WORDS.length)]
              + " of domain d"
              + (i % 50));
      row.put("team", "team-" + random.nextInt(TEAMS));
      row.put("subscriber", i % 10 == 0 ? "team-" + random.nextInt(TEAMS) : null);
      rows.add(row);
      if (rows.size() == BATCH || i == dag.length - 1) {
        RawWrites.write(
            driver,
            """
            UNWIND $rows AS r
            MATCH (t:Team {id: r.team})
            CREATE (t)-[:OWNS {since: 0}]->(p:DataProduct {id: r.id, name: r.name,
                    description: r.description, domain: r.domain, lifecycle: 'ACTIVE'})
            CREATE (p)-[:HAS_SCHEMA]->(v:SchemaVersion {id: r.id + '@1', productId: r.id,
                    version: 1, publishedAt: 0, position: 0})
            WITH p, v, r
            UNWIND ['f0', 'f1', 'f2'] AS field
            CREATE (v)-[:HAS_FIELD {type: '"string"', optional: false}]->
                   (:Field {id: r.id + '#' + field, name: field, productId: r.id})
            WITH DISTINCT p, r WHERE r.subscriber IS NOT NULL
            MATCH (c:Team {id: r.subscriber}), (f:Field {id: r.id + '#f0'})
            CREATE (c)<-[:BY]-(s:Subscription {id: 'sub-' + r.id, approvedAt: 0})-[:TO]->(p),
                   (s)-[:USES]->(f)
            """,
            rows);
        rows = new ArrayList<>();
      }
    }
    Random random = new Random(3);
    int edges = 0;
    rows = new ArrayList<>();
    for (int i = 0; i < dag.length; i++) {
      for (int u : dag[i]) {
        long since = (long) (1_000_000L * (double) i / dag.length);
        Map<String, Object> row = new HashMap<>();
        row.put("from", SyntheticMesh.productId(u));
        row.put("to", SyntheticMesh.productId(i));
        row.put("since", since);
        // one edge in twenty was removed again before the as-of time, as in the plain mesh
        row.put("until", random.nextInt(20) == 0 ? since + 1 : null);
        row.put("fromField", "f" + random.nextInt(3));
        row.put("toField", "f" + random.nextInt(3));
        rows.add(row);
        edges++;
        if (rows.size() == BATCH) {
          writeEdges(driver, rows);
          rows = new ArrayList<>();
        }
      }
    }
    writeEdges(driver, rows);
    return edges;
  }

  private static void writeEdges(Driver driver, List<Map<String, Object>> rows) {
    if (!rows.isEmpty()) {
      RawWrites.write(
          driver,
          """
          UNWIND $rows AS r
          MATCH (a:DataProduct {id: r.from}), (b:DataProduct {id: r.to})
          CREATE (a)-[:FEEDS {since: r.since, sincePosition: r.since, until: r.until}]->(b)
          WITH r
          MATCH (x:Field {id: r.from + '#' + r.fromField}), (y:Field {id: r.to + '#' + r.toField})
          CREATE (x)-[:FEEDS {since: r.since, until: r.until, via: r.from + '>' + r.to}]->(y)
          """,
          rows);
    }
  }

  /** Impact of removing one field of a random product, and searches for words of the names. */
  static void impactAndSearch(Driver driver, int products, int samples, long seed) {
    Neo4jLineageQueries queries = new Neo4jLineageQueries(driver, 1000);
    Random random = new Random(seed + 1);
    String[] starts = new String[samples];
    String[] fields = new String[samples];
    String[] texts = new String[samples];
    for (int i = 0; i < samples; i++) {
      starts[i] = SyntheticMesh.productId(random.nextInt(products));
      fields[i] = "f" + random.nextInt(3);
      String word = WORDS[random.nextInt(WORDS.length)];
      texts[i] =
          switch (i % 3) {
            case 0 -> word; // one word: about 2% of the mesh's names hold it
            case 1 -> name(random.nextInt(products)); // two words, a product's name
            default -> word.substring(0, 3); // a prefix, as typed into a search box
          };
    }
    for (int i = 0; i < Math.min(50, samples); i++) {
      queries.impact(DataProductId.of(starts[i]), List.of(fields[i]), null);
      queries.search(texts[i], 20);
    }
    long[] impactNanos = new long[samples];
    long affected = 0;
    for (int i = 0; i < samples; i++) {
      long started = System.nanoTime();
      ImpactResult result = queries.impact(DataProductId.of(starts[i]), List.of(fields[i]), null);
      impactNanos[i] = System.nanoTime() - started;
      affected += result.fields().size();
    }
    long[] searchNanos = new long[samples];
    long found = 0;
    for (int i = 0; i < samples; i++) {
      long started = System.nanoTime();
      found += queries.search(texts[i], 20).size();
      searchNanos[i] = System.nanoTime() - started;
    }
    System.out.printf("## Impact and search, %d products%n%n", products);
    System.out.println(
        "| query | depth | samples | p50 ms | p95 ms | p99 ms | mean fields affected or products found | cut by cap or timeout |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    GraphBenchmark.row(
        "impact of removing one field (declared lineage)", "unbounded", impactNanos, affected, 0);
    GraphBenchmark.row(
        "search, first 20 (a word, a name, a prefix in turn)", "-", searchNanos, found, 0);
    System.out.println();
  }

  /** Heap in use after a full collection with the graph open, and the graph's folder on disk. */
  static void footprint(
      Driver driver, EmbeddedNeo4j neo4j, Path home, int products, double loadSeconds) {
    long nodes;
    long relationships;
    var dependencies = ((GraphDatabaseAPI) neo4j.database()).getDependencyResolver();
    try {
      // the store files hold the graph only after a checkpoint; until then the log holds it
      dependencies
          .resolveDependency(CheckPointer.class)
          .forceCheckPoint(new SimpleTriggerInfo("size"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (var session = driver.session()) {
      nodes = session.run("MATCH (n) RETURN count(n) AS c").single().get("c").asLong();
      relationships =
          session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
    }
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long heap = runtime.totalMemory() - runtime.freeMemory();
    System.out.printf("## Footprint, %d products%n%n", products);
    System.out.println("| what | value |");
    System.out.println("| --- | ---: |");
    System.out.printf("| nodes | %d |%n", nodes);
    System.out.printf("| relationships | %d |%n", relationships);
    System.out.printf(
        "| load (batched writes, %d rows a transaction) | %.0f s |%n", BATCH, loadSeconds);
    System.out.printf(
        "| store files (databases/neo4j) | %d MiB |%n", mib(home.resolve("data/databases/neo4j")));
    System.out.printf(
        "| transaction logs (transactions/neo4j) | %d MiB |%n",
        mib(home.resolve("data/transactions/neo4j")));
    System.out.printf("| the whole folder | %d MiB |%n", mib(home));
    System.out.printf(
        "| heap in use after a full GC (Neo4j, driver and this benchmark's mesh arrays), of %d MiB max | %d MiB |%n",
        runtime.maxMemory() >> 20, heap >> 20);
    PageCache cache = dependencies.resolveDependency(PageCache.class);
    System.out.printf(
        "| Neo4j page cache (off heap; its default size, from the machine's memory) | %d MiB |%n",
        cache.maxCachedPages() * cache.pageSize() >> 20);
    System.out.println();
  }

  private static long mib(Path folder) {
    if (!Files.isDirectory(folder)) {
      return -1;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(RichMesh::size).sum() >> 20;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
