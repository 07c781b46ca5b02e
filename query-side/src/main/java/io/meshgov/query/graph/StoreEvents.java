package io.meshgov.query.graph;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.lineage.projection.GraphEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;

/** Events read from the event store, as the projector takes them. */
public final class StoreEvents {

  private StoreEvents() {}

  /** The event with its aggregate, sequence, global position (-1 if untracked), time and actor. */
  public static GraphEvent toGraphEvent(DomainEventMessage<?> event) {
    long position =
        event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
            ? tracked.trackingToken().position().orElse(-1)
            : -1;
    Object actor = event.getMetaData().get(GovernanceMetaData.ACTOR);
    return new GraphEvent(
        event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        position,
        event.getTimestamp(),
        event.getPayload(),
        actor == null ? null : actor.toString());
  }
}
