package io.meshgov.query.graph;

import io.meshgov.api.wire.GovernanceEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the newest event a feed applied to the graph happened: the base of the "seconds behind" lag
 * metric of both feeds (the store's and Kafka's).
 */
public final class AppliedTime {

  private final AtomicReference<Instant> newest = new AtomicReference<>();

  /** Remembers the newest event time of a batch that was just applied. */
  public void applied(List<GovernanceEvent> batch) {
    batch.stream()
        .map(GovernanceEvent::time)
        .max(Instant::compareTo)
        .ifPresent(
            time -> newest.accumulateAndGet(time, (a, b) -> a == null || b.isAfter(a) ? b : a));
  }

  /**
   * How far the graph is behind in time: while events wait ({@code waiting}), the age of the newest
   * applied event; 0 when nothing waits or nothing was applied yet.
   */
  public double secondsBehind(boolean waiting) {
    Instant last = newest.get();
    if (!waiting || last == null) {
      return 0;
    }
    return Math.max(0, Duration.between(last, Instant.now()).toMillis() / 1000.0);
  }
}
