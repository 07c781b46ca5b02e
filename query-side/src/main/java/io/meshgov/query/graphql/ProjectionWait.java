package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.query.error.QueryError;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Read-your-writes: a query that names the position of a client's last write waits until the graph
 * has applied it, polling the graph's position. The waiting is bounded three ways, so that no
 * request can hold the service: one request waits at most {@code timeout} in all, however many of
 * its fields name a position (the fields share one deadline, kept in the request's context); a
 * position beyond the store's head is refused at once (nothing would ever reach it); and at most
 * {@code maxWaiting} requests wait at a time, the excess answered UNAVAILABLE immediately. Waiting
 * only sleeps: it never interrupts a thread.
 */
class ProjectionWait {

  private static final String DEADLINE = ProjectionWait.class.getName() + ".deadline";

  private final GraphProjector projector;
  private final StoreHead storeHead;
  private final Duration timeout;
  private final Semaphore waiting;

  ProjectionWait(GraphProjector projector, StoreHead storeHead, Duration timeout, int maxWaiting) {
    this.projector = projector;
    this.storeHead = storeHead;
    this.timeout = timeout;
    this.waiting = new Semaphore(maxWaiting);
  }

  void awaitPosition(Long minPosition, GraphQLContext request) {
    if (minPosition == null) {
      return;
    }
    if (minPosition < 0) {
      throw QueryError.invalid("minPosition must not be negative");
    }
    if (projector.position() >= minPosition) {
      return;
    }
    long head = storeHead.position();
    if (minPosition > head) {
      throw QueryError.invalid(
          "minPosition "
              + minPosition
              + " lies beyond the newest event in the store ("
              + head
              + ")");
    }
    long deadline = request.computeIfAbsent(DEADLINE, key -> System.nanoTime() + timeout.toNanos());
    if (!waiting.tryAcquire()) {
      throw QueryError.unavailable(
          "too many requests are waiting for the lineage graph; ask again shortly");
    }
    try {
      long pause = 5;
      while (projector.position() < minPosition) {
        if (System.nanoTime() > deadline) {
          throw QueryError.unavailable(
              "the lineage graph has not yet reached position "
                  + minPosition
                  + " within "
                  + timeout.toMillis()
                  + " ms; ask again shortly");
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw QueryError.unavailable("interrupted while waiting for the lineage graph");
        }
        pause = Math.min(50, pause * 2);
      }
    } finally {
      waiting.release();
    }
  }
}
