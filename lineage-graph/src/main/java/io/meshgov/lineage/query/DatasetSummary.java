package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/**
 * A dataset by OpenLineage's naming, the product it belongs to now (or at the time asked; null:
 * unowned) and every binding it had, oldest first.
 */
public record DatasetSummary(
    String namespace, String name, String product, List<Binding> bindings) {

  /** A period in which the dataset was part of a product; {@code until} null while it is. */
  public record Binding(
      String product, Instant since, Instant until, String boundBy, String unboundBy) {}

  /** The cursor of this dataset in a list: its namespace and name. */
  public String key() {
    return namespace + "\n" + name;
  }
}
