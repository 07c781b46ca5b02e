package io.meshgov.lineage.query;

import java.util.List;

/**
 * The lineage around a root (a product id, or {@code product#field} for field lineage): every node
 * reached once with the length of its shortest path from the root and the side it lies on, the
 * edges among them (upstream to downstream), and whether the answer is complete or was cut at
 * {@code depthLimit}.
 */
public record LineageResult(
    String root, List<Node> nodes, List<Edge> edges, boolean complete, int depthLimit) {

  public record Node(String id, int depth, Direction side) {}

  /**
   * An edge, upstream to downstream, with where it is known from: {@code DECLARED} (an owner
   * declared it), {@code OBSERVED} (a pipeline was seen doing it), or both.
   */
  public record Edge(String from, String to, List<String> sources) {
    public Edge {
      sources = List.copyOf(sources);
    }

    /** A declared edge. */
    public Edge(String from, String to) {
      this(from, to, List.of(Source.DECLARED.name()));
    }
  }
}
