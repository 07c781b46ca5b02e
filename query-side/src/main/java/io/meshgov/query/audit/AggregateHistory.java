package io.meshgov.query.audit;

import io.meshgov.api.wire.GovernanceEvent;
import java.util.List;

/**
 * The events of one aggregate as the event store holds them: read in this process where the store
 * is ({@link StoreHistory}), or asked of the command service in the distributed setup.
 */
public interface AggregateHistory {

  /**
   * @return at most {@code limit} events of the aggregate from sequence {@code fromSequence} on,
   *     oldest first; empty when there are none
   */
  List<GovernanceEvent> read(String aggregateId, long fromSequence, int limit);
}
