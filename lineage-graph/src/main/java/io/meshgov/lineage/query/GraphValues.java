package io.meshgov.lineage.query;

import java.time.Instant;
import org.neo4j.driver.Value;

/** How the queries read graph values: absent properties are null, times are epoch milliseconds. */
final class GraphValues {

  private GraphValues() {}

  static String text(Value value) {
    return value == null || value.isNull() ? null : value.asString();
  }

  static Instant instant(Value value) {
    return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asLong());
  }
}
