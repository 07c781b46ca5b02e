package io.meshgov.command.audit;

import io.meshgov.api.GovernanceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code auditEvents}: who did what when, across all aggregates, a page at a time, from the search
 * columns of the chain's rows ({@code event_chain}) with their indexes on actor, correlation, type
 * and time (an aggregate's rows through the chain's own key): one actor's week reads that actor's
 * rows and no others.
 */
public final class AuditSearch {

  /** What to look for; null or empty parts do not narrow. */
  public record Filter(
      String actor,
      Instant from,
      Instant to,
      List<String> types,
      List<String> aggregateIds,
      String domain,
      String team,
      String correlationId) {
    public Filter {
      types = types == null ? List.of() : List.copyOf(types);
      aggregateIds = aggregateIds == null ? List.of() : List.copyOf(aggregateIds);
      if (types.size() > 100 || aggregateIds.size() > 1000) {
        throw GovernanceException.invalid("at most 100 types and 1000 aggregate ids");
      }
      if (from != null && to != null && !from.isBefore(to)) {
        throw GovernanceException.invalid("from must lie before to");
      }
    }
  }

  /** One event found: enough to read its whole story with auditTrail. */
  public record Found(
      long position,
      String aggregateId,
      String type,
      Instant time,
      String actor,
      String reason,
      String correlationId) {}

  private final JdbcTemplate jdbc;

  /** A search that reads longer than this is cut off: no one request holds the database. */
  static final int TIMEOUT_SECONDS = 10;

  public AuditSearch(JdbcTemplate jdbc) {
    this.jdbc = new JdbcTemplate(jdbc.getDataSource());
    this.jdbc.setQueryTimeout(TIMEOUT_SECONDS);
  }

  /**
   * Up to {@code limit} events matching the filter after position {@code after} (null: from the
   * newest, or the oldest), newest first unless {@code oldestFirst}.
   */
  public List<Found> search(Filter filter, Long after, int limit, boolean oldestFirst) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where 1 = 1");
    // the window on each row (the time index serves searches by time alone)
    if (filter.from() != null) {
      where.append(" and a.time_stamp >= ?");
      args.add(DateTimeUtils.formatInstant(filter.from()));
    }
    if (filter.to() != null) {
      where.append(" and a.time_stamp < ?");
      args.add(DateTimeUtils.formatInstant(filter.to()));
    }
    if (filter.actor() != null) {
      where.append(" and a.actor = ?");
      args.add(filter.actor());
    }
    if (filter.correlationId() != null) {
      where.append(" and a.correlation_id = ?");
      args.add(filter.correlationId());
    }
    in(where, args, "a.event_type", filter.types());
    in(where, args, "a.aggregate_identifier", filter.aggregateIds());
    if (filter.domain() != null) {
      AggregateScope.domain(where, args, "a.aggregate_identifier", filter.domain());
    }
    if (filter.team() != null) {
      AggregateScope.team(where, args, "a.aggregate_identifier", filter.team());
    }
    if (after != null) {
      where.append(oldestFirst ? " and a.global_index > ?" : " and a.global_index < ?");
      args.add(after);
    }
    // what is shown comes from the stored event itself; the index only finds it
    String sql =
        "select a.global_index, e.aggregate_identifier, e.payload_type, e.time_stamp,"
            + " e.meta_data from event_chain a"
            + " join domain_event_entry e on e.global_index = a.global_index"
            + where
            + " order by a.global_index "
            + (oldestFirst ? "asc" : "desc")
            + " limit "
            + Math.max(0, Math.min(limit, 1001));
    return jdbc.query(
        sql,
        (rs, i) -> {
          var metadata = ChainStore.metadata(rs.getBytes("meta_data"));
          return new Found(
              rs.getLong("global_index"),
              rs.getString("aggregate_identifier"),
              ChainStore.simpleType(rs.getString("payload_type")),
              DateTimeUtils.parseInstant(rs.getString("time_stamp")),
              metadata.actor(),
              metadata.reason(),
              metadata.correlationId());
        },
        args.toArray());
  }

  private static void in(
      StringBuilder where, List<Object> args, String column, List<String> values) {
    if (!values.isEmpty()) {
      where
          .append(" and ")
          .append(column)
          .append(" in (")
          .append(String.join(",", Collections.nCopies(values.size(), "?")))
          .append(")");
      args.addAll(values);
    }
  }
}
