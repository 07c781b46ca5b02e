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

/**
 * Drops the lineage graph and replays the whole event store into it, in large batches, reporting
 * progress. The feeding processor is stopped meanwhile and then continues from where the rebuild
 * ended, so events that arrive during the rebuild are not lost.
 */
public class GraphRebuild {

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

  private TrackingToken replayAll(Consumer<Progress> progress, long started) {
    long head = Math.max(0, StoreReading.headPosition(store));
    long[] done = {0};
    List<GovernanceEvent> batch = new ArrayList<>(batchSize);
    TrackingToken last =
        StoreReading.replayToHead(
            store,
            message -> {
              if (message instanceof DomainEventMessage<?> event) {
                batch.add(StoredEvents.from(event));
              }
              if (batch.size() >= batchSize) {
                done[0] += flush(batch);
                progress.accept(new Progress(done[0], head, rate(done[0], started)));
              }
            });
    done[0] += flush(batch);
    progress.accept(new Progress(done[0], head, rate(done[0], started)));
    return last;
  }

  private int flush(List<GovernanceEvent> batch) {
    int size = batch.size();
    if (size > 0) {
      projector.apply(List.copyOf(batch), false); // history: nobody is told of it live
      batch.clear();
    }
    return size;
  }

  private static double rate(long done, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return seconds <= 0 ? 0 : done / seconds;
  }
}
