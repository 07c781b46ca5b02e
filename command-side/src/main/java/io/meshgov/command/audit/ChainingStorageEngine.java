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

  /**
   * Another transaction stored an event at a sequence the running batch keeps for its commit (read
   * while the batch loaded the aggregate again): the batch's commit would fail on the key; which of
   * its commands kept the event is not known here.
   */
  public static final class KeptSequenceTaken
      extends org.axonframework.modelling.command.ConcurrencyException {
    KeptSequenceTaken(String message) {
      super(message);
    }
  }

  /** The bulk batch running on this thread. */
  private static final ThreadLocal<Batch> BATCH = new ThreadLocal<>();

  /**
   * A bulk batch running on this thread, from {@link #batch} until it is closed: the aggregates it
   * found without events, whether its events wait for its commit, and the positions they got.
   */
  public static final class Batch implements Scope {
    private final java.util.Set<String> withoutEvents;
    private final java.util.Map<String, Long> lastStored;
    private final boolean deferred;
    private final java.util.Map<String, Long> positions = new java.util.HashMap<>();
    private final java.util.Set<String> appended = new java.util.HashSet<>();
    private final java.util.Set<String> touched = new java.util.HashSet<>();
    private final Batch outer;

    private Batch(java.util.Map<String, Long> lastStored, boolean deferred, Batch outer) {
      this.withoutEvents = new java.util.HashSet<>();
      this.lastStored = new java.util.HashMap<>();
      lastStored.forEach(
          (aggregate, last) -> {
            if (last == null) {
              withoutEvents.add(aggregate);
            } else {
              this.lastStored.put(aggregate, last);
            }
          });
      this.deferred = deferred;
      this.outer = outer;
    }

    /**
     * The last position of each aggregate whose events waited for the commit, once it has run
     * (empty before, and when they did not wait).
     */
    public java.util.Map<String, Long> positions() {
      return java.util.Collections.unmodifiableMap(positions);
    }

    /** Whether the batch kept events of the aggregate for its commit. */
    public boolean appended(String aggregateId) {
      return appended.contains(aggregateId);
    }

    /** Whether the batch appended any event of the aggregate, kept for the commit or written. */
    public boolean touched(String aggregateId) {
      return touched.contains(aggregateId);
    }

    @Override
    public void close() {
      if (outer == null) {
        BATCH.remove();
      } else {
        BATCH.set(outer);
      }
    }
  }

  /**
   * For a bulk batch, on this thread until the returned scope is closed:
   *
   * <ul>
   *   <li>{@code lastStored} holds the store's last sequence of aggregates the batch's commands
   *       address, null for those without events, as the caller asked the database in the batch's
   *       transaction: one query for the batch instead of one per command. Reading one without
   *       events answers none without asking the database, and the last sequence of any of them is
   *       answered from it (the check of an aggregate kept in memory), until the batch appends to
   *       it. Another transaction creating one of them meanwhile fails the command (created twice,
   *       or found missing); the caller then sends the batch again without this answer. One
   *       appending to one of them meanwhile fails the batch's append at the store's key.
   *   <li>when {@code deferred}, appended events are kept in memory and inserted, linked and their
   *       links written together just before the transaction commits: one statement per thousand
   *       events instead of one per command. Reading an aggregate in the batch takes its kept
   *       events along. A duplicate key then fails the commit, naming no command: the caller sends
   *       the batch again without deferring to name it.
   * </ul>
   */
  public static Batch batch(java.util.Map<String, Long> lastStored, boolean deferred) {
    Batch batch = new Batch(lastStored, deferred, BATCH.get());
    BATCH.set(batch);
    return batch;
  }

  /** Whether a bulk batch on this thread keeps its writes for its commit. */
  public static boolean deferring() {
    Batch batch = BATCH.get();
    return batch != null && batch.deferred;
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
    Batch batch = BATCH.get();
    if (batch != null) {
      for (EventMessage<?> event : events) {
        if (event instanceof DomainEventMessage<?> domain) {
          batch.withoutEvents.remove(domain.getAggregateIdentifier());
          batch.touched.add(domain.getAggregateIdentifier());
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
    List<DomainEventMessage<?>> domainEvents = new java.util.ArrayList<>(events.size());
    for (EventMessage<?> message : events) {
      DomainEventMessage<?> event =
          org.axonframework.eventhandling.EventUtils.asDomainEventMessage(message);
      domainEvents.add(event);
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
      if (batch != null && batch.deferred && chain.defer(rows, domainEvents, batch.positions)) {
        rows.forEach(row -> batch.appended.add(row.aggregateId()));
        return;
      }
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
    Batch batch = BATCH.get();
    List<DomainEventMessage<?>> unstored =
        batch != null && batch.deferred ? chain.unstored(aggregateIdentifier) : List.of();
    if (!unstored.isEmpty()) {
      // the batch's own events of it wait for the commit: the stored ones (none when the batch
      // created it), then those
      long firstKept = unstored.get(0).getSequenceNumber();
      DomainEventStream stored =
          firstKept == 0
              ? DomainEventStream.empty()
              : DomainEventStream.of(
                  delegate
                      .readEvents(aggregateIdentifier, firstSequenceNumber)
                      .asStream()
                      .peek(
                          event -> {
                            // another transaction committed at a sequence this batch keeps: the
                            // aggregate would be made of both (the commit would fail on the key)
                            if (event.getSequenceNumber() >= firstKept) {
                              throw new KeptSequenceTaken(
                                  "an event of "
                                      + aggregateIdentifier
                                      + " with sequence "
                                      + event.getSequenceNumber()
                                      + " was stored by another command meanwhile");
                            }
                          }));
      return DomainEventStream.concat(
          stored,
          DomainEventStream.of(
              unstored.stream().filter(e -> e.getSequenceNumber() >= firstSequenceNumber)));
    }
    if (batch != null && batch.withoutEvents.contains(aggregateIdentifier)) {
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
    Batch batch = BATCH.get();
    if (batch != null) {
      // asked for the whole batch at its start, in its transaction
      if (batch.withoutEvents.contains(aggregateIdentifier)) {
        return Optional.empty();
      }
      Long stored = batch.lastStored.get(aggregateIdentifier);
      if (stored != null) {
        return Optional.of(stored);
      }
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
