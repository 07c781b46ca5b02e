package io.meshgov.query.audit;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.query.error.QueryError;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;

/** An aggregate's events read from the event store of this process. */
public class StoreHistory implements AggregateHistory {

  private final ObjectProvider<EventStore> stores;

  public StoreHistory(ObjectProvider<EventStore> stores) {
    this.stores = stores;
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
    return events;
  }
}
