package io.meshgov.query.audit;

import java.util.Map;

/**
 * Where an aggregate's events sit in the store as a whole. Reading an aggregate by its id gives
 * each event's sequence, not its global position; the process that holds the store looks the
 * positions up (from the hash chain, which keeps one link per stored event).
 */
@FunctionalInterface
public interface EventPositions {

  /**
   * @return the global position of each of the aggregate's events with a sequence from {@code
   *     fromSequence} to {@code toSequence} (both included), by sequence; events without a known
   *     position are left out
   */
  Map<Long, Long> of(String aggregateId, long fromSequence, long toSequence);
}
