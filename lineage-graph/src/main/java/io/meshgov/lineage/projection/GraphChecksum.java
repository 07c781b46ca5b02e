package io.meshgov.lineage.projection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Value;

/**
 * A fingerprint of the graph's content: every node with its labels and properties, every
 * relationship with its type, the ids of its ends and its properties, sorted and hashed. Internal
 * ids and the projector's own bookkeeping (progress, parked aggregates) are left out, so two graphs
 * built from the same events in different ways (incrementally, by a rebuild, with redeliveries)
 * have the same checksum exactly when they hold the same facts.
 */
public final class GraphChecksum {

  private GraphChecksum() {}

  public static String of(Driver driver) {
    List<String> lines = new ArrayList<>();
    try (var session = driver.session()) {
      session
          .run(
              """
              MATCH (n) WHERE NOT n:ProjectionProgress AND NOT n:GraphPosition AND NOT n:ParkedAggregate
                AND NOT n:InboxRead AND NOT n:GraphMigration
              RETURN labels(n) AS labels, properties(n) AS props
              """)
          .forEachRemaining(
              r -> lines.add("N" + r.get("labels").asList() + canonical(r.get("props"))));
      session
          .run(
              """
              MATCH (a)-[r]->(b)
              RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props
              """)
          .forEachRemaining(
              r ->
                  lines.add(
                      "R"
                          + r.get("type").asString()
                          + "|"
                          + r.get("from").asString()
                          + "|"
                          + r.get("to").asString()
                          + canonical(r.get("props"))));
    }
    lines.sort(null);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String line : lines) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return lines.size() + ":" + HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Value properties) {
    Map<String, Object> sorted = new TreeMap<>(properties.asMap());
    return sorted.toString();
  }
}
