package io.meshgov.api.wire;

import java.time.Instant;
import java.util.Objects;

/**
 * One governance event as it travels between services: the event of the contract with where it
 * stands in its aggregate's stream and in the store, when it happened and who caused it.
 *
 * @param id the event's own id, unique; consumers may use it to drop repeats
 * @param aggregateId the data product, team or subscription the event belongs to (the Kafka key)
 * @param sequence the event's number in its aggregate's stream, from 0 without gaps
 * @param position the event's global position in the event store (read-your-writes)
 * @param actor the person who caused it (the token's subject), or {@code system}
 * @param reason why, as the actor said; may be null
 * @param correlationId shared by everything one request caused; may be null
 * @param causationId the message that directly caused this one; may be null
 */
public record GovernanceEvent(
    String id,
    String aggregateId,
    long sequence,
    long position,
    Instant time,
    Object payload,
    String actor,
    String reason,
    String correlationId,
    String causationId) {

  public GovernanceEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(aggregateId, "aggregateId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
  }
}
