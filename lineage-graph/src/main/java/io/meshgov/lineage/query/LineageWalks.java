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
  default LineageResult lineage(
      DataProductId product, Direction direction, Integer depth, Instant asOf) {
    return lineage(product, direction, depth, asOf, java.util.Set.of(Source.DECLARED));
  }

  /**
   * The same walk over the edges of the given sources: declared FEEDS edges, and observed ones (a
   * job seen reading a dataset bound to one product and writing a dataset bound to another, both
   * bound at the time asked). Each edge says which sources know it.
   */
  LineageResult lineage(
      DataProductId product,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources);

  /**
   * The field mappings along the edge {@code upstream} → {@code downstream} as they stood at {@code
   * asOf} (null: now): declared ones and observed ones, by output field then input field, at most
   * {@code limit}.
   */
  java.util.List<EdgeMapping> fieldMappings(
      DataProductId upstream, DataProductId downstream, Instant asOf, int limit);

  /** The same walk over field-level FEEDS edges, from the field {@code product#field}. */
  default LineageResult fieldLineage(
      DataProductId product, String field, Direction direction, Integer depth, Instant asOf) {
    return fieldLineage(product, field, direction, depth, asOf, java.util.Set.of(Source.DECLARED));
  }

  /**
   * The field walk over the given sources: declared field mappings and observed ones (a
   * column-lineage facet mapping a field of a dataset bound to one product to a field of a dataset
   * bound to another).
   */
  LineageResult fieldLineage(
      DataProductId product,
      String field,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources);
}
