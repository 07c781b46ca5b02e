package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/** One published schema version with its top-level fields. */
public record SchemaVersionSummary(
    long version,
    String avroSchema,
    Instant publishedAt,
    String publishedBy,
    String checkedUnder,
    List<Field> fields) {

  public record Field(String name, String type, boolean optional) {}
}
