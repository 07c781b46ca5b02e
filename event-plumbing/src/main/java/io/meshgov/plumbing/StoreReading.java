package io.meshgov.plumbing;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** Reading the event store by position: its head, and a replay of everything up to it. */
public final class StoreReading {

  private StoreReading() {}

  /** The newest position in the store, -1 when it is empty. */
  public static long headPosition(EventStore store) {
    TrackingToken head = store.createHeadToken();
    return head == null ? -1 : head.position().orElse(-1);
  }

  /**
   * Hands every event from the start of the store up to its head at the time of the call to {@code
   * each}, in order; stops early if the store has nothing more for five seconds.
   *
   * @return the token of the last event read, null when there was none
   */
  public static TrackingToken replayToHead(
      EventStore store, Consumer<TrackedEventMessage<?>> each) {
    long head = headPosition(store);
    TrackingToken last = null;
    try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
      long position = -1;
      while (position < head && stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
        TrackedEventMessage<?> event = stream.nextAvailable();
        last = event.trackingToken();
        position = last.position().orElse(position);
        each.accept(event);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reading the event store was interrupted", e);
    }
    return last;
  }
}
