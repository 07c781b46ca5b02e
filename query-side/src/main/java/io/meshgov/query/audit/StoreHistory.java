package io.meshgov.query.audit;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.query.error.QueryError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;

/**
 * An aggregate's events read from the event store of this process, each with its global position
 * where this process can look it up ({@link EventPositions}; -1 otherwise).
 */
public class StoreHistory implements AggregateHistory {

  private final ObjectProvider<EventStore> stores;
  private final ObjectProvider<EventPositions> positions;

  public StoreHistory(ObjectProvider<EventStore> stores, ObjectProvider<EventPositions> positions) {
    this.stores = stores;
    this.positions = positions;
  }

  @Override
  public List<GovernanceEvent> read(String aggregateId, long fromSequence, int limit) {
    EventStore store = stores.getIfAvailable();
    if (store == null) {
      throw QueryError.unavailable("the event store is not reachable from this service");
    }
    List<GovernanceEvent> events = new ArrayList<>();
    DomainEventStream stream = store.readEvents(aggregateId, fromSequence);
    while (stream.hasNext() && events.size() < limit) {
      events.add(StoredEvents.from(stream.next()));
    }
    EventPositions lookup = positions.getIfAvailable();
    if (lookup == null || events.isEmpty()) {
      return events;
    }
    Map<Long, Long> known =
        lookup.of(aggregateId, events.get(0).sequence(), events.get(events.size() - 1).sequence());
    return events.stream()
        .map(e -> withPosition(e, known.getOrDefault(e.sequence(), -1L)))
        .toList();
  }

  private static GovernanceEvent withPosition(GovernanceEvent e, long position) {
    return e.position() >= 0
        ? e
        : new GovernanceEvent(
            e.id(),
            e.aggregateId(),
            e.sequence(),
            position,
            e.time(),
            e.payload(),
            e.actor(),
            e.reason(),
            e.correlationId(),
            e.causationId());
  }
}
