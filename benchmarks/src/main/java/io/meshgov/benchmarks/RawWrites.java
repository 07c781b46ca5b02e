package io.meshgov.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Values;

/**
 * The rebuild's baseline: plain batched {@code UNWIND ... CREATE} of as many nodes and
 * relationships as the rebuild wrote (relationships between random nodes, each with two properties,
 * nodes found by a unique index), in transactions of 5,000, with no logic at all.
 */
final class RawWrites {

  private RawWrites() {}

  /** Seconds to write {@code nodes} nodes and {@code relationships} relationships bare. */
  static double seconds(Driver driver, long nodes, long relationships) {
    try (var session = driver.session()) {
      session
          .run("CREATE CONSTRAINT raw_id IF NOT EXISTS FOR (n:Raw) REQUIRE n.id IS UNIQUE")
          .consume();
      session.run("CALL db.awaitIndexes(300)").consume();
    }
    long started = System.nanoTime();
    for (long from = 0; from < nodes; from += 5000) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = from; i < Math.min(nodes, from + 5000); i++) {
        rows.add(Map.of("id", "raw-" + i, "name", "node " + i, "time", i));
      }
      write(
          driver, "UNWIND $rows AS r CREATE (:Raw {id: r.id, name: r.name, since: r.time})", rows);
    }
    Random random = new Random(1);
    for (long from = 0; from < relationships; from += 5000) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (long i = from; i < Math.min(relationships, from + 5000); i++) {
        rows.add(
            Map.of(
                "from", "raw-" + random.nextLong(nodes),
                "to", "raw-" + random.nextLong(nodes),
                "time", i));
      }
      write(
          driver,
          """
          UNWIND $rows AS r
          MATCH (a:Raw {id: r.from}), (b:Raw {id: r.to})
          CREATE (a)-[:RAW {since: r.time, sincePosition: r.time}]->(b)
          """,
          rows);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    try (var session = driver.session()) {
      session.run("DROP CONSTRAINT raw_id IF EXISTS").consume();
    }
    return seconds;
  }

  /** One batch of rows through one statement, in a write transaction of its own. */
  static void write(Driver driver, String cypher, List<Map<String, Object>> rows) {
    try (var session = driver.session()) {
      session.executeWrite(tx -> tx.run(cypher, Values.parameters("rows", rows)).consume());
    }
  }
}
