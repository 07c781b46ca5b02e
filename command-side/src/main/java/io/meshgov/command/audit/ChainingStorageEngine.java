package io.meshgov.command.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Axon's JDBC storage engine with a hash chain: every batch of events a unit of work appends is
 * linked into its aggregates' chains in the same transaction, from the rows as stored (so the link
 * covers exactly the bytes a verifier reads back). A failure to link fails the append: no event is
 * stored without its link. Reads pass through.
 */
public final class ChainingStorageEngine implements EventStorageEngine {

  private final EventStorageEngine delegate;
  private final ChainStore chain;

  ChainingStorageEngine(EventStorageEngine delegate, ChainStore chain) {
    this.delegate = delegate;
    this.chain = chain;
  }

  @Override
  public void appendEvents(List<? extends EventMessage<?>> events) {
    delegate.appendEvents(events);
    if (!events.isEmpty()) {
      chain.chainAndIndex(chain.rowsOf(events.stream().map(EventMessage::getIdentifier).toList()));
    }
  }

  @Override
  public void storeSnapshot(DomainEventMessage<?> snapshot) {
    delegate.storeSnapshot(snapshot);
  }

  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken trackingToken, boolean mayBlock) {
    return delegate.readEvents(trackingToken, mayBlock);
  }

  @Override
  public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
    return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
  }

  @Override
  public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
    return delegate.readSnapshot(aggregateIdentifier);
  }

  @Override
  public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
    return delegate.lastSequenceNumberFor(aggregateIdentifier);
  }

  @Override
  public TrackingToken createTailToken() {
    return delegate.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return delegate.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    return delegate.createTokenAt(dateTime);
  }
}
