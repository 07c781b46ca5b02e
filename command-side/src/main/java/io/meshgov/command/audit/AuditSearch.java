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
 * index ({@code audit_index}) with its indexes on actor, correlation, aggregate, type and time: a
 * time window becomes a range of positions first, so one actor's week reads that actor's rows of
 * that week and no others.
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

  public AuditSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Up to {@code limit} events matching the filter after position {@code after} (null: from the
   * newest, or the oldest), newest first unless {@code oldestFirst}.
   */
  public List<Found> search(Filter filter, Long after, int limit, boolean oldestFirst) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where 1 = 1");
    // the window on each row, and as a range of positions found through the time index (times
    // and positions rise together up to commits a moment apart: a second of slack either way)
    if (filter.from() != null) {
      where.append(
          " and a.time_stamp >= ? and a.global_index >= coalesce((select global_index from"
              + " audit_index where time_stamp >= ? order by time_stamp limit 1), 0) - 1000");
      args.add(DateTimeUtils.formatInstant(filter.from()));
      args.add(DateTimeUtils.formatInstant(filter.from().minusSeconds(1)));
    }
    if (filter.to() != null) {
      where.append(
          " and a.time_stamp < ? and a.global_index <= coalesce((select global_index from"
              + " audit_index where time_stamp < ? order by time_stamp desc limit 1), -1) + 1000");
      args.add(DateTimeUtils.formatInstant(filter.to()));
      args.add(DateTimeUtils.formatInstant(filter.to().plusSeconds(1)));
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
      String prefix = filter.domain().replace("%", "").replace("_", "\\_") + ".%";
      where.append(
          " and (a.aggregate_identifier = ? or a.aggregate_identifier like ?"
              + " or a.aggregate_identifier in (select team_id from lookup_team where domain_id = ?)"
              + " or a.aggregate_identifier in (select subscription_id from lookup_subscription s"
              + " where s.product_id like ? or s.consumer_team in"
              + " (select team_id from lookup_team where domain_id = ?)))");
      args.addAll(
          List.of("domain:" + filter.domain(), prefix, filter.domain(), prefix, filter.domain()));
    }
    if (filter.team() != null) {
      where.append(
          " and (a.aggregate_identifier = ?"
              + " or a.aggregate_identifier in (select product_id from lookup_product"
              + " where owning_team = ?)"
              + " or a.aggregate_identifier in (select subscription_id from lookup_subscription s"
              + " where s.consumer_team = ? or s.product_id in"
              + " (select product_id from lookup_product where owning_team = ?)))");
      args.addAll(List.of(filter.team(), filter.team(), filter.team(), filter.team()));
    }
    if (after != null) {
      where.append(oldestFirst ? " and a.global_index > ?" : " and a.global_index < ?");
      args.add(after);
    }
    String sql =
        "select a.global_index, a.aggregate_identifier, a.event_type, a.time_stamp, a.actor,"
            + " a.correlation_id, e.meta_data from audit_index a"
            + " join domain_event_entry e on e.global_index = a.global_index"
            + where
            + " order by a.global_index "
            + (oldestFirst ? "asc" : "desc")
            + " limit "
            + Math.max(0, Math.min(limit, 1001));
    return jdbc.query(
        sql,
        (rs, i) ->
            new Found(
                rs.getLong("global_index"),
                rs.getString("aggregate_identifier"),
                rs.getString("event_type"),
                DateTimeUtils.parseInstant(rs.getString("time_stamp")),
                rs.getString("actor"),
                ChainStore.metadata(rs.getBytes("meta_data"), "reason"),
                rs.getString("correlation_id")),
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
