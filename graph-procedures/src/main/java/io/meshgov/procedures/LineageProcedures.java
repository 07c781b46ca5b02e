package io.meshgov.procedures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.Transaction;
import org.neo4j.procedure.Context;
import org.neo4j.procedure.Description;
import org.neo4j.procedure.Mode;
import org.neo4j.procedure.Name;
import org.neo4j.procedure.Procedure;
import org.neo4j.procedure.TerminationGuard;

/**
 * The lineage walk's one query as a procedure inside Neo4j: the same answer as the Cypher query of
 * lineage-graph's {@code Neo4jLineageWalks.walkQuery} (every node reached from the roots within the
 * bound, and the valid FEEDS edges leaving each of them in the walk's direction), found by one
 * breadth-first pass over Neo4j's core API instead of a Cypher plan that reaches the nodes, then
 * expands each again.
 *
 * <p>lineage-graph's {@code EmbeddedNeo4j} registers it in every graph this application embeds; a
 * Neo4j server has it where this module's jar is in its plugins folder, and walks fall back to the
 * Cypher query where it is absent. It only reads, checks the transaction's termination (its
 * timeout) as it goes, and accepts only the two labels walks use. This jar holds nothing else, so a
 * server loads no other class of the application.
 */
public final class LineageProcedures {

  /** The procedure's name, as walks call it. */
  public static final String NAME = "meshgov.feedsWithin";

  private static final RelationshipType FEEDS = RelationshipType.withName("FEEDS");

  /** Roots one call accepts: an impact walk starts from the changed fields of one product. */
  public static final int MAX_ROOTS = 10_000;

  @Context public Transaction tx;

  @Context public TerminationGuard guard;

  /**
   * The answer in one row: {@code pairs} holds, for each reached node and each of its valid FEEDS
   * edges, the node's id then the id at the edge's far end (walkQuery's rows, flattened: one row
   * instead of one per node spares Cypher and Bolt a record per node).
   */
  public static final class Reach {
    public List<String> pairs;

    public Reach(List<String> pairs) {
      this.pairs = pairs;
    }
  }

  @Procedure(name = NAME, mode = Mode.READ)
  @Description(
      "meshgov: nodes reached from the roots over valid FEEDS edges within the bound, each with"
          + " the far ends of its valid FEEDS edges in the walk's direction")
  public Stream<Reach> feedsWithin(
      @Name("label") String label,
      @Name("roots") List<String> roots,
      @Name("downstream") boolean downstream,
      @Name("bound") long bound,
      @Name("asOf") Long asOf) {
    if (!"DataProduct".equals(label) && !"Field".equals(label)) {
      throw new IllegalArgumentException("no walks over " + label);
    }
    if (roots == null || roots.size() > MAX_ROOTS) {
      throw new IllegalArgumentException("between 0 and " + MAX_ROOTS + " roots");
    }
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be at least 1");
    }
    Label kind = Label.label(label);
    Direction way = downstream ? Direction.OUTGOING : Direction.INCOMING;

    Set<Node> visited = new HashSet<>();
    List<Node> frontier = new ArrayList<>();
    for (String root : new LinkedHashSet<>(roots)) {
      Node node = root == null ? null : tx.findNode(kind, "id", root);
      if (node != null && visited.add(node)) {
        frontier.add(node);
      }
    }
    List<String> pairs = new ArrayList<>();
    // level by level as walkQuery's variable-length match reaches them: nodes of any label are
    // passed through (Cypher checks only the end node's label), nodes with the label are reached
    // and answer with their valid edges; the last level's edges lead beyond the bound and are
    // listed so the caller learns the answer was cut
    long read = 0;
    for (long level = 0; level <= bound && !frontier.isEmpty(); level++) {
      List<Node> next = new ArrayList<>();
      for (Node node : frontier) {
        guard.check();
        String near =
            node.hasLabel(kind) && node.getProperty("id", null) instanceof String id ? id : null;
        for (Relationship edge : node.getRelationships(way, FEEDS)) {
          if (++read % 1024 == 0) {
            guard.check(); // a node of many thousand edges is not read to its end after a timeout
          }
          if (!valid(edge, asOf)) {
            continue;
          }
          Node other = edge.getOtherNode(node);
          if (near != null
              && other.hasLabel(kind)
              && other.getProperty("id", null) instanceof String far) {
            pairs.add(near);
            pairs.add(far);
          }
          if (level < bound && visited.add(other)) {
            next.add(other);
          }
        }
      }
      frontier = next;
    }
    return Stream.of(new Reach(pairs));
  }

  /** The walk's history filter: current edges, or those standing at {@code asOf}. */
  private static boolean valid(Relationship edge, Long asOf) {
    Object until = edge.getProperty("until", null);
    if (asOf == null) {
      return until == null;
    }
    return edge.getProperty("since", null) instanceof Number since
        && compare(since, asOf) <= 0
        && (until == null || until instanceof Number end && compare(end, asOf) > 0);
  }

  /** Compares as Cypher does: integers exactly, other numbers by their value as a double. */
  private static int compare(Number value, long asOf) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return Long.compare(value.longValue(), asOf);
    }
    return Double.compare(value.doubleValue(), (double) asOf);
  }
}
