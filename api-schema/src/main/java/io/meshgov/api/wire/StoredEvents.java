package io.meshgov.api.wire;

import io.meshgov.api.GovernanceMetaData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;

/** Events as the event store holds them (Axon messages), turned into {@link GovernanceEvent}s. */
public final class StoredEvents {

  private StoredEvents() {}

  /** The event with its metadata; the position is -1 when the message was not read by position. */
  public static GovernanceEvent from(DomainEventMessage<?> event) {
    long position =
        event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
            ? tracked.trackingToken().position().orElse(-1)
            : -1;
    MetaData metaData = event.getMetaData();
    return new GovernanceEvent(
        event.getIdentifier(),
        event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        position,
        event.getTimestamp(),
        event.getPayload(),
        text(metaData, GovernanceMetaData.ACTOR),
        text(metaData, GovernanceMetaData.REASON),
        text(metaData, GovernanceMetaData.CORRELATION_ID),
        text(metaData, GovernanceMetaData.CAUSATION_ID));
  }

  private static String text(MetaData metaData, String key) {
    Object value = metaData.get(key);
    return value == null ? null : value.toString();
  }
}
