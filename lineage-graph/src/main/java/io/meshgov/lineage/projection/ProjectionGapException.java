package io.meshgov.lineage.projection;

/**
 * An event arrived before an earlier event of the same aggregate. Applying it would make the graph
 * skip the earlier one for good, so the batch is refused and is to be delivered again.
 */
public class ProjectionGapException extends RuntimeException {

  private final String aggregateId;
  private final long received;

  public ProjectionGapException(String aggregateId, long lastApplied, long received) {
    super(
        "event "
            + received
            + " of "
            + aggregateId
            + " arrived, but the graph has applied only up to "
            + lastApplied);
    this.aggregateId = aggregateId;
    this.received = received;
  }

  public String aggregateId() {
    return aggregateId;
  }

  /** The sequence number of the event that arrived too early. */
  public long received() {
    return received;
  }
}
