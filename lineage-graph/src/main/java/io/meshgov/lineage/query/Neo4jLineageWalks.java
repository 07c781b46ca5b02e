package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.LineageResult.Edge;
import io.meshgov.lineage.query.LineageResult.Node;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.Driver;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Lineage walks in Cypher over the Bolt driver. User input reaches Cypher only as parameters; the
 * only values written into query text are the label, the arrow and the history filter chosen from
 * constants here, and the walk's depth bound, an integer this class computes and caps (Cypher
 * accepts no parameter there).
 *
 * <p>Walk semantics: one query finds the set of nodes reachable within the bound ({@code MATCH
 * (s)-[rs:FEEDS*1..k]->(n) ... RETURN DISTINCT n}, which Neo4j plans as a pruning breadth-first
 * expansion that visits each node once instead of enumerating paths); a second reads the edges
 * among that set; depths and paths are then computed here by breadth-first search over those edges.
 */
public final class Neo4jLineageWalks implements LineageWalks {

  private static final String CURRENT = "r.until IS NULL";
  private static final String AS_OF = "r.since <= $asOf AND (r.until IS NULL OR r.until > $asOf)";

  private final Driver driver;
  private final int maxDepth;

  /**
   * @param maxDepth the deepest any walk goes, whatever the caller asks
   */
  public Neo4jLineageWalks(Driver driver, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1");
    }
    this.driver = driver;
    this.maxDepth = maxDepth;
  }

  /** The deepest any walk goes. */
  int maxDepth() {
    return maxDepth;
  }

  @Override
  public LineageResult lineage(
      DataProductId product, Direction direction, Integer depth, Instant asOf) {
    return walk("DataProduct", product.value(), direction, depth, asOf);
  }

  @Override
  public LineageResult fieldLineage(
      DataProductId product, String field, Direction direction, Integer depth, Instant asOf) {
    return walk("Field", product.value() + "#" + field, direction, depth, asOf);
  }

  private LineageResult walk(
      String label, String root, Direction direction, Integer depth, Instant asOf) {
    if (depth != null && depth < 0) {
      throw new IllegalArgumentException("depth must not be negative");
    }
    int limit = depth == null ? maxDepth : Math.min(depth, maxDepth);
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            List<Node> nodes = new ArrayList<>();
            Set<Edge> edges = new LinkedHashSet<>();
            boolean complete = true;
            for (Direction side : sides(direction)) {
              Walk walk = walkOneSide(tx, label, List.of(root), side, limit, asOf);
              complete &= walk.complete();
              walk.depths().forEach((id, d) -> nodes.add(new Node(id, d, side)));
              edges.addAll(walk.edges());
            }
            nodes.sort(
                java.util.Comparator.comparing(Node::side)
                    .thenComparingInt(Node::depth)
                    .thenComparing(Node::id));
            return new LineageResult(root, nodes, List.copyOf(edges), complete, limit);
          });
    }
  }

  private static List<Direction> sides(Direction direction) {
    return direction == Direction.BOTH
        ? List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)
        : List.of(direction);
  }

  /** Depths (roots excluded), parents on one shortest path, edges among the kept nodes. */
  record Walk(
      Map<String, Integer> depths,
      Map<String, String> parents,
      List<Edge> edges,
      boolean complete) {}

  Walk walkOneSide(
      TransactionContext tx,
      String label,
      List<String> roots,
      Direction side,
      int limit,
      Instant asOf) {
    String filter = asOf == null ? CURRENT : AS_OF;
    Map<String, Object> params = new HashMap<>();
    params.put("roots", roots);
    params.put("asOf", asOf == null ? null : asOf.toEpochMilli());
    if (limit == 0) {
      return new Walk(Map.of(), Map.of(), List.of(), !reachesAny(tx, label, side, filter, params));
    }
    List<Edge> edges = new ArrayList<>();
    tx.run(walkQuery(label, side, limit + 1, asOf != null), params)
        .forEachRemaining(
            r -> {
              String near = r.get("near").asString();
              for (Value far : r.get("far").values()) {
                edges.add(
                    side == Direction.DOWNSTREAM
                        ? new Edge(near, far.asString())
                        : new Edge(far.asString(), near));
              }
            });

    Map<String, List<String>> next = new HashMap<>();
    for (Edge edge : edges) {
      String from = side == Direction.DOWNSTREAM ? edge.from() : edge.to();
      String to = side == Direction.DOWNSTREAM ? edge.to() : edge.from();
      next.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    }
    next.values().forEach(list -> list.sort(null));
    Map<String, Integer> depths = new LinkedHashMap<>();
    Map<String, String> parents = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    for (String root : roots) {
      depths.put(root, 0);
      queue.add(root);
    }
    boolean complete = true;
    while (!queue.isEmpty()) {
      String current = queue.poll();
      int d = depths.get(current);
      for (String neighbour : next.getOrDefault(current, List.of())) {
        if (depths.containsKey(neighbour)) {
          continue;
        }
        if (d + 1 > limit) {
          complete = false;
          continue;
        }
        depths.put(neighbour, d + 1);
        parents.put(neighbour, current);
        queue.add(neighbour);
      }
    }
    List<Edge> kept =
        edges.stream()
            .filter(e -> depths.containsKey(e.from()) && depths.containsKey(e.to()))
            .toList();
    roots.forEach(depths::remove);
    return new Walk(depths, parents, kept, complete);
  }

  /**
   * The one query of a walk: the nodes reachable from the roots within {@code bound} steps (a
   * {@code DISTINCT} variable-length match, which Neo4j runs as a pruning breadth-first expansion
   * visiting each node once), then every valid FEEDS edge leaving them in the walk's direction, as
   * one row per near node with the list of far ones. Edges from the last level lead beyond the
   * bound; the caller's breadth-first search over the pairs drops them and learns that the answer
   * was cut.
   */
  public static String walkQuery(String label, Direction side, int bound, boolean asOf) {
    if (!label.equals("DataProduct") && !label.equals("Field")) {
      throw new IllegalArgumentException("no walks over " + label);
    }
    String filter = asOf ? AS_OF : CURRENT;
    String reach =
        side == Direction.DOWNSTREAM
            ? "-[rs:FEEDS*1.." + bound + "]->"
            : "<-[rs:FEEDS*1.." + bound + "]-";
    String step = side == Direction.DOWNSTREAM ? "-[r:FEEDS]->" : "<-[r:FEEDS]-";
    return """
        UNWIND $roots AS rootId
        MATCH (s:%1$s {id: rootId})
        OPTIONAL MATCH (s)%2$s(n:%1$s)
        WHERE all(r IN rs WHERE %3$s)
        WITH collect(DISTINCT s) + collect(DISTINCT n) AS reached
        UNWIND reached AS a
        WITH DISTINCT a
        MATCH (a)%4$s(b:%1$s)
        WHERE %3$s
        RETURN a.id AS near, collect(b.id) AS far
        """
        .formatted(label, reach, filter, step);
  }

  private static boolean reachesAny(
      TransactionContext tx, String label, Direction side, String filter, Map<String, Object> p) {
    String arrow = side == Direction.DOWNSTREAM ? "-[r:FEEDS]->" : "<-[r:FEEDS]-";
    return tx.run(
            """
            UNWIND $roots AS rootId
            MATCH (s:%1$s {id: rootId})%2$s(:%1$s)
            WHERE %3$s
            RETURN count(*) > 0 AS any
            """
                .formatted(label, arrow, filter),
            p)
        .single()
        .get("any")
        .asBoolean();
  }
}
