package io.meshgov.query.graphql;

import io.meshgov.lineage.projection.GraphProjector;
import java.time.Duration;

/**
 * Read-your-writes: a query that names the position of a client's last write waits until the graph
 * has applied it, polling the graph's position, for at most a configured time.
 */
class ProjectionWait {

  private final GraphProjector projector;
  private final Duration timeout;

  ProjectionWait(GraphProjector projector, Duration timeout) {
    this.projector = projector;
    this.timeout = timeout;
  }

  void awaitPosition(Long minPosition) {
    if (minPosition == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 5;
    while (projector.position() < minPosition) {
      if (System.nanoTime() > deadline) {
        throw new QueryError(
            "UNAVAILABLE",
            "the lineage graph has not yet reached position "
                + minPosition
                + " after "
                + timeout.toMillis()
                + " ms; ask again shortly");
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryError("UNAVAILABLE", "interrupted while waiting for the lineage graph");
      }
      pause = Math.min(50, pause * 2);
    }
  }
}
