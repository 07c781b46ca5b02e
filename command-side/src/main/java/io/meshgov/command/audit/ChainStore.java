package io.meshgov.command.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The chain's table ({@code event_chain}: one link per stored event, keyed by its position and by
 * its aggregate and sequence) and the reads of stored rows it needs, in the caller's transaction.
 */
final class ChainStore {

  static final String ROW_COLUMNS =
      "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,"
          + " e.payload_type, e.payload_revision, e.time_stamp, e.payload, e.meta_data";

  private final JdbcTemplate jdbc;

  ChainStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static StoredRow row(ResultSet rs) throws SQLException {
    return new StoredRow(
        rs.getLong("global_index"),
        rs.getString("event_identifier"),
        rs.getString("aggregate_identifier"),
        rs.getLong("sequence_number"),
        rs.getString("type"),
        rs.getString("payload_type"),
        rs.getString("payload_revision"),
        rs.getString("time_stamp"),
        rs.getBytes("payload"),
        rs.getBytes("meta_data"));
  }

  /** The stored rows of these events, in position order. */
  List<StoredRow> rowsOf(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return List.of();
    }
    String marks = String.join(",", java.util.Collections.nCopies(eventIds.size(), "?"));
    return jdbc.query(
        "select "
            + ROW_COLUMNS
            + " from domain_event_entry e where e.event_identifier in ("
            + marks
            + ") order by e.global_index",
        (rs, i) -> row(rs),
        eventIds.toArray());
  }

  /** The links at (aggregate, sequence) for the given pairs that have one. */
  Map<String, byte[]> links(Map<String, Long> sequenceByAggregate) {
    Map<String, byte[]> links = new HashMap<>();
    if (sequenceByAggregate.isEmpty()) {
      return links;
    }
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder();
    for (var entry : sequenceByAggregate.entrySet()) {
      where.append(where.isEmpty() ? "" : " or ");
      where.append("(aggregate_identifier = ? and sequence_number = ?)");
      args.add(entry.getKey());
      args.add(entry.getValue());
    }
    jdbc.query(
        "select aggregate_identifier, hash from event_chain where " + where,
        rs -> {
          links.put(rs.getString("aggregate_identifier"), rs.getBytes("hash"));
        },
        args.toArray());
    return links;
  }

  void insert(List<StoredRow> rows, List<byte[]> hashes) {
    List<Object[]> batch = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      StoredRow row = rows.get(i);
      batch.add(new Object[] {row.position(), row.aggregateId(), row.sequence(), hashes.get(i)});
    }
    jdbc.batchUpdate(
        "insert into event_chain (global_index, aggregate_identifier, sequence_number, hash)"
            + " values (?, ?, ?, ?)",
        batch);
  }

  /**
   * Links a batch of stored rows (in position order) onto their aggregates' chains: each on the
   * previous row of its aggregate in the batch, or on the stored link before its first sequence.
   *
   * @throws IllegalStateException when an aggregate's previous link is missing (a store whose
   *     history was not chained yet: the migration runs at start-up)
   */
  void chain(List<StoredRow> rows) {
    Map<String, Long> needed = new HashMap<>();
    for (StoredRow row : rows) {
      needed.putIfAbsent(row.aggregateId(), row.sequence() - 1);
    }
    needed.values().removeIf(sequence -> sequence < 0);
    Map<String, byte[]> last = links(needed);
    List<byte[]> hashes = new ArrayList<>(rows.size());
    for (StoredRow row : rows) {
      byte[] previous = last.get(row.aggregateId());
      if (previous == null) {
        if (row.sequence() != 0) {
          throw new IllegalStateException(
              "no chain link before event "
                  + row.sequence()
                  + " of "
                  + row.aggregateId()
                  + ": the store's history is not chained (start the application to migrate it)");
        }
        previous = EventChain.GENESIS;
      }
      byte[] link = EventChain.link(previous, row);
      hashes.add(link);
      last.put(row.aggregateId(), link);
    }
    insert(rows, hashes);
  }
}
