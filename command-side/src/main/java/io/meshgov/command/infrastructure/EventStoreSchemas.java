package io.meshgov.command.infrastructure;

import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * Table and column names of Axon's JDBC event store and token store, matching the Flyway migrations
 * under {@code db/migration/{vendor}}. Snake case, so the same names work unquoted on PostgreSQL
 * and H2.
 */
final class EventStoreSchemas {

  private EventStoreSchemas() {}

  static EventSchema events() {
    return EventSchema.builder()
        .eventTable("domain_event_entry")
        .snapshotTable("snapshot_event_entry")
        .globalIndexColumn("global_index")
        .timestampColumn("time_stamp")
        .eventIdentifierColumn("event_identifier")
        .aggregateIdentifierColumn("aggregate_identifier")
        .sequenceNumberColumn("sequence_number")
        .typeColumn("type")
        .payloadTypeColumn("payload_type")
        .payloadRevisionColumn("payload_revision")
        .payloadColumn("payload")
        .metaDataColumn("meta_data")
        .build();
  }

  static TokenSchema tokens() {
    return TokenSchema.builder()
        .setTokenTable("token_entry")
        .setProcessorNameColumn("processor_name")
        .setSegmentColumn("segment")
        .setTokenColumn("token")
        .setTokenTypeColumn("token_type")
        .setTimestampColumn("time_stamp")
        .setOwnerColumn("owner")
        .build();
  }

  /**
   * A tracking processor's read past its position plus the gaps it still waits for, as two index
   * reads joined by {@code UNION ALL} (the gaps all lie below the position, so the two never
   * overlap): the rows Axon's own statement asks for, without a walk of the whole table on H2.
   */
  static java.sql.PreparedStatement readWithGaps(
      java.sql.Connection connection,
      EventSchema schema,
      long globalIndex,
      int batchSize,
      java.util.List<Long> gaps)
      throws java.sql.SQLException {
    String fields = schema.trackedEventFields();
    String table = schema.domainEventTable();
    String index = schema.globalIndexColumn();
    String sql =
        "SELECT "
            + fields
            + " FROM "
            + table
            + " WHERE "
            + index
            + " > ? AND "
            + index
            + " <= ? UNION ALL SELECT "
            + fields
            + " FROM "
            + table
            + " WHERE "
            + index
            + " IN ("
            + String.join(",", java.util.Collections.nCopies(gaps.size(), "?"))
            + ") ORDER BY "
            + index
            + " ASC";
    java.sql.PreparedStatement statement = connection.prepareStatement(sql);
    statement.setLong(1, globalIndex);
    statement.setLong(2, globalIndex + batchSize);
    for (int i = 0; i < gaps.size(); i++) {
      statement.setLong(3 + i, gaps.get(i));
    }
    return statement;
  }
}
