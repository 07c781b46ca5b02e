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
 * Kafka publisher, the embedded projection) is woken at most once per {@code interval}. Axon wakes
 * it at every commit; under load each wake read one or two events and then found the store empty (a
 * read, the store's gap check and an empty read: about one query per event on the database the
 * commands need), and each such handful became a processor batch of its own (a position written, a
 * broker round trip). A commit after a quiet spell longer than the interval wakes the reader at
 * once; a commit sooner after the last wake is read at the next one, together with every commit in
 * between. A processor sees an event at most {@code interval} later.
 */
final class LingeringEventStore extends EmbeddedEventStore {

  private final long intervalNanos;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private volatile long lastWake = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private final ScheduledExecutorService waker;

  LingeringEventStore(Builder builder, Duration interval) {
    super(builder);
    this.intervalNanos = interval.toNanos();
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
  public void shutDown() {
    waker.shutdownNow();
    super.shutDown();
  }
}
