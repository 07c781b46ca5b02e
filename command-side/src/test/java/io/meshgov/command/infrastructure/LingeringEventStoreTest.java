package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The reader of new events wakes at most once per interval: the logic, on Axon's in-memory storage
 * engine (the database's part is the same JDBC read as without the interval).
 */
class LingeringEventStoreTest {

  /** Counts the reads of new events the store's reader makes. */
  private static final class CountingEngine extends InMemoryEventStorageEngine {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(
        TrackingToken trackingToken, boolean mayBlock) {
      reads.incrementAndGet();
      return super.readEvents(trackingToken, mayBlock);
    }
  }

  private static List<Object> take(BlockingStream<TrackedEventMessage<?>> stream, int count)
      throws InterruptedException {
    List<Object> payloads = new ArrayList<>();
    while (payloads.size() < count) {
      assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
      payloads.add(stream.nextAvailable().getPayload());
    }
    return payloads;
  }

  private static void publish(EmbeddedEventStore store, int from, int to) {
    // outside a unit of work each publish commits on its own: a commit each
    IntStream.range(from, to)
        .forEach(i -> store.publish(GenericEventMessage.asEventMessage("event-" + i)));
  }

  private static List<Object> named(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> (Object) ("event-" + i)).toList();
  }

  /**
   * A store whose reader polls on its own only every 30 s: within a test, an event arrives only if
   * a commit's wake brought it.
   */
  private static LingeringEventStore store(CountingEngine engine, Duration interval) {
    return new LingeringEventStore(
        EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(30_000), interval);
  }

  @Test
  void commits_close_together_are_read_in_one_go_and_a_later_commit_wakes_the_reader_again()
      throws Exception {
    CountingEngine engine = new CountingEngine();
    LingeringEventStore store = store(engine, Duration.ofMillis(200));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      // the reader starts, finds nothing and waits
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      int before = engine.reads.get();

      publish(store, 0, 200);
      assertThat(take(stream, 200)).containsExactlyElementsOf(named(0, 200));
      // two hundred commits: the first wakes the reader, the others wait for the next wake (or
      // are found by the reads the first wake made, which go on while they find events): a few
      // reads, not one per commit
      assertThat(engine.reads.get() - before).isLessThan(40);

      // the wakes have come and gone: the next commit wakes the reader again
      publish(store, 200, 201);
      assertThat(take(stream, 1)).containsExactly("event-200");
    } finally {
      store.shutDown();
    }
  }

  @Test
  void a_commit_after_a_quiet_spell_wakes_the_reader_at_once() throws Exception {
    // an interval far longer than the wait below: only an immediate wake and read (the reader's
    // read before found nothing) bring the event in time
    LingeringEventStore store = store(new CountingEngine(), Duration.ofSeconds(60));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      publish(store, 0, 1);
      assertThat(take(stream, 1)).containsExactly("event-0");
    } finally {
      store.shutDown();
    }
  }

  @Test
  void under_a_steady_load_the_reader_reads_at_most_once_per_interval() throws Exception {
    CountingEngine engine = new CountingEngine();
    LingeringEventStore store = store(engine, Duration.ofMillis(100));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      int before = engine.reads.get();
      long started = System.nanoTime();
      // a commit about every millisecond for a second: Axon's reader, finding events at every
      // read, would read again at once each time
      int published = 0;
      while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1)) {
        publish(store, published, published + 1);
        published++;
        Thread.sleep(1);
      }
      assertThat(take(stream, published)).containsExactlyElementsOf(named(0, published));
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(engine.reads.get() - before).isLessThanOrEqualTo((int) (elapsedMillis / 100) + 2);
    } finally {
      store.shutDown();
    }
  }

  /** The thread waiting in the paced engine for its next read, if one is. */
  private static java.util.Optional<Thread> waitingToRead() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                java.util.Arrays.stream(e.getValue())
                    .anyMatch(
                        f ->
                            f.getClassName()
                                    .equals(LingeringEventStore.class.getName() + "$PacedReads")
                                && f.getMethodName().equals("readEvents")))
        .map(java.util.Map.Entry::getKey)
        .findFirst();
  }

  @Test
  void a_reader_waiting_for_its_next_read_is_woken_by_the_shut_down_and_reads_nothing()
      throws Exception {
    CountingEngine engine = new CountingEngine();
    LingeringEventStore store = store(engine, Duration.ofSeconds(60));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      publish(store, 0, 1);
      assertThat(take(stream, 1)).containsExactly("event-0");
      // its read found an event: the reader now waits a minute before the next one
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (waitingToRead().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(waitingToRead()).isPresent();
      int reads = engine.reads.get();

      store.shutDown();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (waitingToRead().isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(waitingToRead()).isEmpty();
      assertThat(engine.reads.get()).isEqualTo(reads);
    }
  }

  /**
   * Runs {@code work} as a unit of work inside a larger Spring-managed transaction (a group of
   * commands, a bulk batch) would; returns the synchronizations registered meanwhile, for the test
   * to complete the transaction with.
   */
  private static List<TransactionSynchronization> insideATransaction(Runnable work) {
    TransactionSynchronizationManager.initSynchronization();
    TransactionSynchronizationManager.setActualTransactionActive(true);
    try {
      work.run();
      return List.copyOf(TransactionSynchronizationManager.getSynchronizations());
    } finally {
      TransactionSynchronizationManager.setActualTransactionActive(false);
      TransactionSynchronizationManager.clearSynchronization();
    }
  }

  @Test
  void commits_into_an_enclosing_transaction_wake_the_reader_once_when_it_commits()
      throws Exception {
    LingeringEventStore store = store(new CountingEngine(), Duration.ofSeconds(60));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      // two units of work commit into the same transaction: one wake waits for its commit
      List<TransactionSynchronization> transaction = insideATransaction(() -> publish(store, 0, 2));
      assertThat(transaction).hasSize(1);
      // the reader polls only every 30 s: nothing woke it while the transaction was open
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();

      transaction.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
      assertThat(take(stream, 2)).containsExactly("event-0", "event-1");
    } finally {
      store.shutDown();
    }
  }

  @Test
  void a_rolled_back_enclosing_transaction_wakes_nobody_and_leaves_no_wake_pending()
      throws Exception {
    LingeringEventStore store = store(new CountingEngine(), Duration.ofSeconds(60));
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      insideATransaction(() -> publish(store, 0, 1))
          .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
      // Axon's in-memory engine keeps the event (a database would not): only a wake brings it
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();

      // the next commit of its own wakes the reader at once, as after any quiet spell
      publish(store, 1, 2);
      assertThat(take(stream, 2)).containsExactly("event-0", "event-1");
    } finally {
      store.shutDown();
    }
  }

  @Test
  void without_an_interval_each_commit_wakes_the_reader_as_axon_does() throws Exception {
    LingeringEventStore store = store(new CountingEngine(), Duration.ZERO);
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      assertThat(stream.hasNextAvailable(300, TimeUnit.MILLISECONDS)).isFalse();
      publish(store, 0, 1);
      assertThat(take(stream, 1)).containsExactly("event-0");
      publish(store, 1, 2);
      assertThat(take(stream, 1)).containsExactly("event-1");
    } finally {
      store.shutDown();
    }
  }
}
