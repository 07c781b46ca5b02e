package io.meshgov.lineage;

import io.meshgov.lineage.projection.AggregateIds;
import io.meshgov.lineage.projection.GraphEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as the store would hand them out: sequence numbers per aggregate, global positions, and a
 * clock that moves one minute per event.
 */
public final class EventLog {

  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final List<GraphEvent> events = new ArrayList<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private Instant clock = START;
  private long position = 0;

  public GraphEvent add(Object payload) {
    return add(payload, "alice");
  }

  public GraphEvent add(Object payload, String actor) {
    String aggregate = AggregateIds.of(payload);
    long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
    clock = clock.plus(Duration.ofMinutes(1));
    GraphEvent event = new GraphEvent(aggregate, sequence, ++position, clock, payload, actor);
    events.add(event);
    return event;
  }

  /** The time of the last event. */
  public Instant now() {
    return clock;
  }

  public List<GraphEvent> events() {
    return List.copyOf(events);
  }
}
