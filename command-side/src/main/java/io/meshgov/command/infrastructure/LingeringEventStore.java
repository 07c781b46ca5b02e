package io.meshgov.command.infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Axon's embedded event store, whose reader of new events for the processors that tail it (the
 * Kafka publisher, the embedded projection) is woken at most once per {@code interval}. Axon wakes
 * it at every commit; under load each wake read one or two events and then found the store empty (a
 * read, the store's gap check and an empty read: about one query per event on the database the
 * commands need), and each such handful became a processor batch of its own (a position written, a
 * broker round trip). A commit after a quiet spell longer than the interval wakes the reader at
 * once; a commit sooner after the last wake is read at the next one, together with every commit in
 * between. A processor sees an event at most {@code interval} later.
 *
 * <p>Axon's reader reads again at once as long as a read found events, without waiting for a wake:
 * under a steady load it read every few milliseconds all the same. Its reads of new events (the
 * only reads that may block, {@code readEvents(token, true)}) are therefore paced too: a read after
 * one that found events starts at least {@code interval} after it, and reads everything committed
 * meanwhile. A read after one that found nothing is a wake's, which the wakes above pace already.
 */
final class LingeringEventStore extends EmbeddedEventStore {

  private final long intervalNanos;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile long lastWake = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private final ScheduledExecutorService waker;
  private final EventStorageEngine paced;

  LingeringEventStore(Builder builder, Duration interval) {
    super(builder);
    this.intervalNanos = interval.toNanos();
    this.paced = intervalNanos == 0 ? super.storageEngine() : new PacedReads(super.storageEngine());
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "meshgov-event-store-waker");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.waker = executor;
  }

  @Override
  protected void afterCommit(List<? extends EventMessage<?>> events) {
    if (org.springframework.transaction.support.TransactionSynchronizationManager
            .isSynchronizationActive()
        && org.springframework.transaction.support.TransactionSynchronizationManager
            .isActualTransactionActive()) {
      // a unit of work inside a larger transaction (a group of commands, a bulk batch) has
      // "committed" into it: its events are readable once that transaction commits
      if (!org.springframework.transaction.support.TransactionSynchronizationManager.hasResource(
          this)) {
        org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(
            this, Boolean.TRUE);
        org.springframework.transaction.support.TransactionSynchronizationManager
            .registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                  // an inner transaction (REQUIRES_NEW) registers its own wake while this one
                  // is suspended
                  @Override
                  public void suspend() {
                    org.springframework.transaction.support.TransactionSynchronizationManager
                        .unbindResourceIfPossible(LingeringEventStore.this);
                  }

                  @Override
                  public void resume() {
                    if (!org.springframework.transaction.support.TransactionSynchronizationManager
                        .hasResource(LingeringEventStore.this)) {
                      org.springframework.transaction.support.TransactionSynchronizationManager
                          .bindResource(LingeringEventStore.this, Boolean.TRUE);
                    }
                  }

                  @Override
                  public void afterCompletion(int status) {
                    org.springframework.transaction.support.TransactionSynchronizationManager
                        .unbindResourceIfPossible(LingeringEventStore.this);
                    if (status == STATUS_COMMITTED) {
                      committed();
                    }
                  }
                });
      }
      return;
    }
    committed();
  }

  /** Events were committed: the reader is woken now, or at the end of the interval. */
  private void committed() {
    if (intervalNanos == 0) {
      super.afterCommit(List.of());
      return;
    }
    if (!wakePending.compareAndSet(false, true)) {
      return; // a wake is coming: it reads this commit too
    }
    long wait = lastWake + intervalNanos - System.nanoTime();
    if (wait <= 0) {
      wake();
      return;
    }
    try {
      waker.schedule(this::wake, wait, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      wake();
    }
  }

  private void wake() {
    lastWake = System.nanoTime();
    // cleared before the reader is woken: a commit from here on is read by this wake or the next
    wakePending.set(false);
    super.afterCommit(List.of());
  }

  @Override
  protected EventStorageEngine storageEngine() {
    // null only while Axon's constructor runs, before the pacing exists
    return paced == null ? super.storageEngine() : paced;
  }

  /**
   * The store's engine, each read of new events that follows one that found events at least the
   * interval after it.
   */
  private final class PacedReads implements EventStorageEngine {
    private final EventStorageEngine engine;
    // only the reader's thread reads new events with mayBlock (the processors' own streams do
    // not), and it reads each stream to its end before the next
    private volatile long lastRead;
    private volatile boolean lastFound;
    private volatile Thread reader;
    private volatile boolean closing;

    PacedReads(EventStorageEngine engine) {
      this.engine = engine;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(
        TrackingToken trackingToken, boolean mayBlock) {
      if (!mayBlock) {
        return engine.readEvents(trackingToken, false);
      }
      reader = Thread.currentThread();
      if (lastFound) {
        long wait;
        while (!closing && (wait = lastRead + intervalNanos - System.nanoTime()) > 0) {
          LockSupport.parkNanos(this, wait);
          if (Thread.currentThread().isInterrupted()) {
            break;
          }
        }
      }
      if (closing) {
        return Stream.empty(); // the store shuts down: the reader stops without another read
      }
      lastRead = System.nanoTime();
      lastFound = false;
      return engine.readEvents(trackingToken, true).peek(event -> lastFound = true);
    }

    /** Wakes a reader waiting for its next read, which then reads nothing. */
    void close() {
      closing = true;
      Thread waiting = reader;
      if (waiting != null) {
        LockSupport.unpark(waiting);
      }
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
      engine.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
      engine.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
      return engine.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
      return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
      return engine.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
      return engine.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
      return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
      return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(java.time.Instant dateTime) {
      return engine.createTokenAt(dateTime);
    }
  }

  @Override
  public void shutDown() {
    if (paced instanceof PacedReads pacing) {
      pacing.close();
    }
    waker.shutdownNow();
    super.shutDown();
  }
}
