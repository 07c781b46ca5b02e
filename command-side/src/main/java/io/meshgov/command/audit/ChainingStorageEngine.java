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
 * linked into its aggregates' chains in the same transaction. A failure to link fails the append:
 * no event is stored without its link. Reads pass through.
 *
 * <p>Over Axon's JDBC engine the append is done here, with the same serializer, columns and formats
 * Axon uses: the rows are built from the serialized events and inserted in one statement that
 * answers their positions, so the links are made from exactly the bytes stored without reading them
 * back. A duplicate key (another command appended the same aggregate sequence) is Axon's
 * concurrency failure, as Axon reports it. Over any other engine the rows are read back after the
 * engine's own append.
 */
public final class ChainingStorageEngine implements EventStorageEngine {

  private final EventStorageEngine delegate;
  private final ChainStore chain;

  /** A scope that ends without a checked exception. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Aggregates the running bulk batch of this thread found without events when it began. */
  private static final ThreadLocal<java.util.Set<String>> NEW_AGGREGATES = new ThreadLocal<>();

  /**
   * For a bulk batch: while the returned scope is open, reading one of these aggregates on this
   * thread answers no events without asking the database, until an event of it is appended here.
   * The caller has asked the database, in the batch's transaction, that they have none: one query
   * for the batch instead of one per command. Another transaction creating one of them meanwhile
   * fails the command (created twice, or found missing); the caller then sends the batch again
   * without this answer.
   */
  public static Scope newAggregates(java.util.Set<String> aggregateIds) {
    java.util.Set<String> outer = NEW_AGGREGATES.get();
    NEW_AGGREGATES.set(new java.util.HashSet<>(aggregateIds));
    return () -> {
      if (outer == null) {
        NEW_AGGREGATES.remove();
      } else {
        NEW_AGGREGATES.set(outer);
      }
    };
  }

  ChainingStorageEngine(EventStorageEngine delegate, ChainStore chain) {
    this.delegate = delegate;
    this.chain = chain;
  }

  @Override
  public void appendEvents(List<? extends EventMessage<?>> events) {
    if (events.isEmpty()) {
      return;
    }
    java.util.Set<String> fresh = NEW_AGGREGATES.get();
    if (fresh != null) {
      for (EventMessage<?> event : events) {
        if (event instanceof DomainEventMessage<?> domain) {
          fresh.remove(domain.getAggregateIdentifier());
        }
      }
    }
    if (!(delegate
        instanceof org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine axon)) {
      delegate.appendEvents(events);
      chain.chainAndIndex(chain.rowsOf(events.stream().map(EventMessage::getIdentifier).toList()));
      return;
    }
    org.axonframework.serialization.Serializer serializer = axon.getEventSerializer();
    List<StoredRow> rows = new java.util.ArrayList<>(events.size());
    for (EventMessage<?> message : events) {
      DomainEventMessage<?> event =
          org.axonframework.eventhandling.EventUtils.asDomainEventMessage(message);
      var payload = event.serializePayload(serializer, byte[].class);
      var metaData = event.serializeMetaData(serializer, byte[].class);
      rows.add(
          new StoredRow(
              -1,
              event.getIdentifier(),
              event.getAggregateIdentifier(),
              event.getSequenceNumber(),
              event.getType(),
              payload.getType().getName(),
              payload.getType().getRevision(),
              org.axonframework.common.DateTimeUtils.formatInstant(event.getTimestamp()),
              payload.getData(),
              metaData.getData()));
    }
    List<StoredRow> stored;
    try {
      stored = chain.append(rows);
    } catch (org.springframework.dao.DuplicateKeyException e) {
      DomainEventMessage<?> first =
          org.axonframework.eventhandling.EventUtils.asDomainEventMessage(events.get(0));
      String message =
          "an event of "
              + first.getAggregateIdentifier()
              + " with sequence "
              + first.getSequenceNumber()
              + " was stored by another command meanwhile";
      throw first.getSequenceNumber() == 0
          ? new org.axonframework.modelling.command.AggregateStreamCreationException(message, e)
          : new org.axonframework.modelling.command.ConcurrencyException(message, e);
    }
    chain.chainAndIndex(stored);
    AppendedPositions.remember(stored);
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
    java.util.Set<String> fresh = NEW_AGGREGATES.get();
    if (fresh != null && fresh.contains(aggregateIdentifier)) {
      return DomainEventStream.empty();
    }
    return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
  }

  @Override
  public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
    return delegate.readSnapshot(aggregateIdentifier);
  }

  /**
   * The aggregate's last sequence: the one the running transaction appended when it appended one (a
   * bulk batch's commands on one aggregate ask no probe after the first), else the store's.
   */
  @Override
  public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
    Long ours = chain.appendedInTransaction(aggregateIdentifier);
    if (ours != null) {
      return Optional.of(ours);
    }
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
