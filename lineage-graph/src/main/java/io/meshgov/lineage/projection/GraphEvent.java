package io.meshgov.lineage.projection;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as the projector needs it, whatever transport brought it: the aggregate and its
 * sequence number (for idempotence), the global position and time of the event (for history), the
 * payload of the contract, and the actor from its metadata.
 */
public record GraphEvent(
    String aggregateId, long sequence, long position, Instant time, Object payload, String actor) {

  public GraphEvent {
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
  }
}
