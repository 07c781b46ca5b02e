package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import java.time.Instant;

/**
 * Walks over FEEDS edges, breadth-first over each node once: their cost grows with the nodes
 * reached, never with the number of paths.
 */
public interface LineageWalks {

  /**
   * Products upstream and/or downstream of {@code product}, each once with its shortest distance,
   * and the FEEDS edges among them, as they stood at {@code asOf} (null: now). Walks at most {@code
   * depth} levels (null: unbounded), never more than the configured maximum; {@code complete} is
   * false when nodes lay beyond.
   */
  LineageResult lineage(DataProductId product, Direction direction, Integer depth, Instant asOf);

  /** The same walk over field-level FEEDS edges, from the field {@code product#field}. */
  LineageResult fieldLineage(
      DataProductId product, String field, Direction direction, Integer depth, Instant asOf);
}
