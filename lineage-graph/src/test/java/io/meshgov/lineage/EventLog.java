package io.meshgov.lineage;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.AggregateIds;
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

  private final List<GovernanceEvent> events = new ArrayList<>();
  private final Map<String, Long> sequences = new HashMap<>();
  private Instant clock = START;
  private long position = 0;

  public GovernanceEvent add(Object payload) {
    return add(payload, "alice");
  }

  public GovernanceEvent add(Object payload, String actor) {
    return addTo(AggregateIds.of(payload), payload, actor);
  }

  /** An event of the given aggregate whatever its payload (even one outside the contract). */
  public GovernanceEvent addTo(String aggregate, Object payload, String actor) {
    long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
    clock = clock.plus(Duration.ofMinutes(1));
    GovernanceEvent event =
        new GovernanceEvent(
            "evt-" + (position + 1),
            aggregate,
            sequence,
            ++position,
            clock,
            payload,
            actor,
            null,
            null,
            null);
    events.add(event);
    return event;
  }

  /** The time of the last event. */
  public Instant now() {
    return clock;
  }

  public List<GovernanceEvent> events() {
    return List.copyOf(events);
  }
}
