package io.meshgov.lineage.projection;

/**
 * An event arrived before an earlier event of the same aggregate. Applying it would make the graph
 * skip the earlier one for good, so the batch is refused and is to be delivered again.
 */
public class ProjectionGapException extends RuntimeException {

  public ProjectionGapException(String aggregateId, long lastApplied, long received) {
    super(
        "event "
            + received
            + " of "
            + aggregateId
            + " arrived, but the graph has applied only up to "
            + lastApplied);
  }
}
