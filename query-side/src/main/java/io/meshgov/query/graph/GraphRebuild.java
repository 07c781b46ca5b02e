package io.meshgov.query.graph;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.lineage.projection.GraphChecksum;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.plumbing.StoreReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the lineage graph and replays the whole event store into it, in large batches, reporting
 * progress. The feeding processor is stopped meanwhile and then continues from where the rebuild
 * ended, so events that arrive during the rebuild are not lost.
 */
public class GraphRebuild {

  private static final Logger log = LoggerFactory.getLogger(GraphRebuild.class);

  /** Progress of a running rebuild. */
  public record Progress(long done, long total, double eventsPerSecond) {
    @Override
    public String toString() {
      return "rebuild: %d / %d events (%.0f%%), %.0f events/s"
          .formatted(done, total, total == 0 ? 100.0 : 100.0 * done / total, eventsPerSecond);
    }
  }

  /** What a rebuild did: events replayed, how long it took, and the checksum of the result. */
  public record Report(long events, Duration took, String checksum) {
    public double eventsPerSecond() {
      return took.isZero() ? events : events * 1000.0 / Math.max(1, took.toMillis());
    }
  }

  private final EventStore store;
  private final GraphProjector projector;
  private final Driver driver;
  private final EventProcessingConfiguration processing;
  private final int batchSize;

  GraphRebuild(
      EventStore store,
      GraphProjector projector,
      Driver driver,
      EventProcessingConfiguration processing,
      int batchSize) {
    this.store = store;
    this.projector = projector;
    this.driver = driver;
    this.processing = processing;
    this.batchSize = batchSize;
  }

  public Report rebuild(Consumer<Progress> progress) {
    var processor =
        processing.eventProcessor(GraphFeeder.PROCESSING_GROUP, TrackingEventProcessor.class);
    processor.ifPresent(TrackingEventProcessor::shutDown);
    try {
      projector.dropAll();
      GraphSchema.create(driver);
      long started = System.nanoTime();
      TrackingToken last = replayAll(progress, started);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      processor.ifPresent(p -> p.resetTokens(last));
      return new Report(Math.max(0, projector.position()), took, GraphChecksum.of(driver));
    } finally {
      processor.ifPresent(TrackingEventProcessor::start);
    }
  }

  /**
   * Reads the store on this thread and writes the graph on another, so reading the next batch
   * (rows, deserialisation) overlaps writing the last one. At most {@link #AHEAD} batches wait for
   * the writer, so memory stays that of a few batches; batches are written one at a time, in the
   * store's order. A batch's inbox items are delivered on a third thread, after the batch's commit
   * and beside the next batch's graph statements (at most {@link #AHEAD} batches behind; {@link
   * GraphProjector#applyLeavingInbox} says why that gives the same items). A failure of either
   * stops the reading and is thrown here.
   */
  private TrackingToken replayAll(Consumer<Progress> progress, long started) {
    long head = Math.max(0, StoreReading.headPosition(store));
    Writer writer = new Writer(progress, head, started);
    try {
      TrackingToken last =
          StoreReading.replayToHead(
              store,
              message -> {
                if (message instanceof DomainEventMessage<?> event) {
                  writer.add(StoredEvents.from(event));
                }
              });
      writer.finish();
      return last;
    } finally {
      writer.stop();
    }
  }

  /** Batches read but not yet written, at most. */
  static final int AHEAD = 2;

  /** One daemon thread of the given name, running what it is given in order. */
  private static java.util.concurrent.ExecutorService oneThread(String name) {
    return java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * The writing side of a replay: one thread for the batches' graph, in the order given, and one
   * for their inbox items, each batch's after its commit.
   */
  private final class Writer {
    private final java.util.concurrent.ExecutorService thread = oneThread("graph-rebuild-writer");
    private final java.util.concurrent.Semaphore ahead = new java.util.concurrent.Semaphore(AHEAD);
    private final java.util.concurrent.ExecutorService inboxThread =
        oneThread("graph-rebuild-inbox");
    private final java.util.concurrent.Semaphore inboxAhead =
        new java.util.concurrent.Semaphore(AHEAD);
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final Consumer<Progress> progress;
    private final long head;
    private final long started;
    private List<GovernanceEvent> pending = new ArrayList<>(batchSize); // the reader's
    private long done; // the writer thread's

    Writer(Consumer<Progress> progress, long head, long started) {
      this.progress = progress;
      this.head = head;
      this.started = started;
    }

    /** Adds an event read; a full batch goes to the writer. */
    void add(GovernanceEvent event) {
      pending.add(event);
      if (pending.size() >= batchSize) {
        write(pending);
        pending = new ArrayList<>(batchSize);
      }
    }

    /** Hands a batch to the writer; waits while {@link #AHEAD} batches are waiting already. */
    private void write(List<GovernanceEvent> events) {
      failed();
      try {
        ahead.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the rebuild was interrupted", e);
      }
      thread.execute(
          () -> {
            try {
              if (failure.get() == null) {
                // history: nobody is told of it live; the reader no longer touches the list
                var written = projector.applyLeavingInbox(events);
                deliver(written.inboxDue());
                done += events.size();
                progress.accept(new Progress(done, head, rate(done, started)));
              }
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              ahead.release();
            }
          });
    }

    /**
     * Hands a written batch's inbox items to the inbox thread (on the writer's thread, after the
     * batch's commit); waits while {@link #AHEAD} batches' items are waiting already.
     */
    private void deliver(List<GovernanceEvent> due) {
      if (due.isEmpty()) {
        return;
      }
      try {
        inboxAhead.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the rebuild was interrupted", e);
      }
      Runnable delivery =
          () -> {
            try {
              if (failure.get() == null) {
                int refused = projector.deliverInbox(due);
                if (refused > 0) {
                  log.warn(
                      "the graph refused the inbox items of {} events; the rebuild goes on"
                          + " without them",
                      refused);
                }
              }
            } catch (RuntimeException | Error e) {
              failure.compareAndSet(null, e);
            } finally {
              inboxAhead.release();
            }
          };
      try {
        inboxThread.execute(delivery);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        inboxAhead.release();
        throw stopped;
      }
    }

    /** Hands over the last batch, waits until every batch and its items are written; throws. */
    void finish() {
      write(pending);
      awaitEnd(thread);
      awaitEnd(inboxThread);
      failed();
    }

    private static void awaitEnd(java.util.concurrent.ExecutorService worker) {
      worker.shutdown();
      try {
        while (!worker.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS)) {
          // a batch is written within the graph's own timeouts; the wait ends with the thread
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the rebuild was interrupted", e);
      }
    }

    /**
     * Ends the writer, after a failure too: waits a while for a batch being written, so the feeding
     * processor does not start beside it.
     */
    void stop() {
      thread.shutdownNow();
      inboxThread.shutdownNow();
      try {
        thread.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        inboxThread.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void failed() {
      Throwable cause = failure.get();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
    }
  }

  private static double rate(long done, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return seconds <= 0 ? 0 : done / seconds;
  }
}
