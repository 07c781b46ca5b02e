package io.meshgov.query.graph;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.lineage.projection.GraphEvent;
import org.axonframework.eventhandling.DomainEventMessage;

/** Events, read from the event store or from the topic, as the projector takes them. */
public final class StoreEvents {

  private StoreEvents() {}

  /** The event with its aggregate, sequence, global position (-1 if untracked), time and actor. */
  public static GraphEvent toGraphEvent(DomainEventMessage<?> event) {
    return toGraphEvent(StoredEvents.from(event));
  }

  public static GraphEvent toGraphEvent(GovernanceEvent event) {
    return new GraphEvent(
        event.aggregateId(),
        event.sequence(),
        event.position(),
        event.time(),
        event.payload(),
        event.actor());
  }
}
