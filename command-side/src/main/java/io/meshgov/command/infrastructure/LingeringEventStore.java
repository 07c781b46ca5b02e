package io.meshgov.command.infrastructure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, whose reader of new events for the processors that tail it (the
 * Kafka publisher, the embedded projection) is woken at most once per {@code linger} after commits,
 * not after every commit. Axon wakes it at each commit, and under load each wake read one or two
 * events and then found the store empty (a read, the store's gap check and an empty read: about one
 * query per event on the database the commands need). Waiting a few milliseconds lets one read take
 * every event committed meanwhile; a processor sees an event at most {@code linger} later.
 */
final class LingeringEventStore extends EmbeddedEventStore {

  private final long lingerNanos;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final ScheduledExecutorService waker;

  LingeringEventStore(Builder builder, Duration linger) {
    super(builder);
    this.lingerNanos = linger.toNanos();
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
    if (lingerNanos == 0) {
      super.afterCommit(events);
      return;
    }
    if (wakePending.compareAndSet(false, true)) {
      try {
        waker.schedule(this::wake, lingerNanos, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.RejectedExecutionException shutDown) {
        wakePending.set(false);
        super.afterCommit(events);
      }
    }
  }

  private void wake() {
    // cleared first: a commit after this point schedules the next wake
    wakePending.set(false);
    super.afterCommit(List.of());
  }

  @Override
  public void shutDown() {
    waker.shutdownNow();
    super.shutDown();
  }
}
