package io.meshgov.command.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.wire.GovernanceCloudEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a range of the history for a regulator: JSON Lines, one CloudEvent per line in the Kafka
 * topic's format (data = the stored payload, byte for byte; the event's chain link as the extension
 * {@code chainlink}), then one last line, the manifest: the filter, the count, the first and last
 * position, the SHA-256 of the event lines, each aggregate's last link and the newest checkpoint,
 * signed with the checkpoint key. Streams straight from the database: memory grows with the number
 * of aggregates in the range, not with the events.
 */
public final class HistoryExporter {

  /** What to export: a time window, and optionally a domain, a team, aggregates and an actor. */
  public record Filter(
      Instant from,
      Instant to,
      String domain,
      String team,
      List<String> aggregateIds,
      String actor) {
    public Filter {
      if (from == null || to == null || !from.isBefore(to)) {
        throw GovernanceException.invalid("an export needs a window: from before to");
      }
      aggregateIds = aggregateIds == null ? List.of() : List.copyOf(aggregateIds);
      if (aggregateIds.size() > 1000) {
        throw GovernanceException.invalid("at most 1000 aggregate ids");
      }
    }
  }

  /** What an export held. */
  public record Summary(long count, long firstPosition, long lastPosition, String sha256) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final Checkpoints checkpoints;
  private final AuditKeys keys;
  private final GovernanceCloudEvents wire;
  private final ObjectMapper json = new ObjectMapper();

  public HistoryExporter(
      JdbcTemplate jdbc,
      TransactionTemplate readOnly,
      Checkpoints checkpoints,
      AuditKeys keys,
      GovernanceCloudEvents wire) {
    this.jdbc = jdbc;
    this.readOnly = readOnly;
    this.checkpoints = checkpoints;
    this.keys = keys;
    this.wire = wire;
  }

  /** The store's newest position, -1 when empty (recorded with the export). */
  public long head() {
    Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    return head == null ? -1 : head;
  }

  /** Writes the export to {@code out}; the caller closes it. */
  public Summary write(
      String exportId, Filter filter, String exportedBy, Instant exportedAt, OutputStream out) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object[]> heads = new TreeMap<>();
    long[] counts = {0, -1, -1};
    List<Object> args = new ArrayList<>();
    String where = where(filter, args);
    readOnly.executeWithoutResult(
        status ->
            jdbc.query(
                con -> {
                  var statement =
                      con.prepareStatement(
                          "select "
                              + ChainStore.ROW_COLUMNS
                              + ", c.hash as link from domain_event_entry e"
                              + " left join event_chain c on c.global_index = e.global_index"
                              + where
                              + " order by e.global_index");
                  statement.setFetchSize(1000);
                  for (int i = 0; i < args.size(); i++) {
                    statement.setObject(i + 1, args.get(i));
                  }
                  return statement;
                },
                rs -> {
                  StoredRow row = ChainStore.row(rs);
                  Map<String, String> extensions = extensions(row.metaData());
                  if (filter.actor() != null && !filter.actor().equals(extensions.get("actor"))) {
                    return;
                  }
                  byte[] link = rs.getBytes("link");
                  extensions.put(
                      "chainlink", link == null ? "none" : HexFormat.of().formatHex(link));
                  byte[] line =
                      wire.write(
                          wire.toCloudEvent(
                              row.eventIdentifier(),
                              row.aggregateId(),
                              row.sequence(),
                              row.position(),
                              DateTimeUtils.parseInstant(row.timeStamp()),
                              row.payloadType(),
                              row.payloadRevision(),
                              row.payload(),
                              extensions));
                  write(out, line);
                  write(out, new byte[] {'\n'});
                  sha256.update(line);
                  sha256.update((byte) '\n');
                  heads.put(row.aggregateId(), new Object[] {row.sequence(), link});
                  counts[0]++;
                  counts[1] = counts[1] < 0 ? row.position() : counts[1];
                  counts[2] = row.position();
                }));
    Summary summary =
        new Summary(counts[0], counts[1], counts[2], HexFormat.of().formatHex(sha256.digest()));
    write(out, manifest(exportId, filter, exportedBy, exportedAt, summary, heads));
    write(out, new byte[] {'\n'});
    return summary;
  }

  private static String where(Filter filter, List<Object> args) {
    StringBuilder where = new StringBuilder(" where e.time_stamp >= ? and e.time_stamp < ?");
    args.add(DateTimeUtils.formatInstant(filter.from()));
    args.add(DateTimeUtils.formatInstant(filter.to()));
    if (!filter.aggregateIds().isEmpty()) {
      where
          .append(" and e.aggregate_identifier in (")
          .append(
              String.join(",", java.util.Collections.nCopies(filter.aggregateIds().size(), "?")))
          .append(")");
      args.addAll(filter.aggregateIds());
    }
    if (filter.domain() != null) {
      AggregateScope.domain(where, args, "e.aggregate_identifier", filter.domain());
    }
    if (filter.team() != null) {
      AggregateScope.team(where, args, "e.aggregate_identifier", filter.team());
    }
    return where.toString();
  }

  /** The metadata as CloudEvents extensions (lower-case names), absent ones left out. */
  private static Map<String, String> extensions(byte[] stored) {
    var metadata = ChainStore.metadata(stored);
    Map<String, String> extensions = metadata.extensions();
    if (metadata.unreadable()) {
      extensions.put("metadataunreadable", "true");
    }
    return extensions;
  }

  private byte[] manifest(
      String exportId,
      Filter filter,
      String exportedBy,
      Instant exportedAt,
      Summary summary,
      Map<String, Object[]> heads) {
    ObjectNode body = json.createObjectNode();
    body.put("format", "meshgov-export-v1");
    body.put("exportId", exportId);
    body.put("exportedBy", exportedBy);
    body.put("exportedAt", exportedAt.toString());
    ObjectNode asked = body.putObject("filter");
    asked.put("from", filter.from().toString());
    asked.put("to", filter.to().toString());
    asked.put("domain", filter.domain());
    asked.put("team", filter.team());
    filter.aggregateIds().forEach(asked.putArray("aggregateIds")::add);
    asked.put("actor", filter.actor());
    body.put("count", summary.count());
    body.put("firstPosition", summary.firstPosition());
    body.put("lastPosition", summary.lastPosition());
    body.put("sha256", summary.sha256());
    ObjectNode last = body.putObject("heads");
    heads.forEach(
        (aggregate, head) -> {
          ObjectNode h = last.putObject(aggregate);
          h.put("sequence", (Long) head[0]);
          h.put("link", head[1] == null ? null : HexFormat.of().formatHex((byte[]) head[1]));
        });
    checkpoints
        .latest()
        .ifPresentOrElse(
            c -> {
              ObjectNode checkpoint = body.putObject("checkpoint");
              checkpoint.put("number", c.number());
              checkpoint.put("upToPosition", c.upToPosition());
              checkpoint.put("coversExport", c.upToPosition() >= summary.lastPosition());
              checkpoint.put(
                  "signedContent", new String(c.signedContent(), StandardCharsets.UTF_8));
              checkpoint.put("signature", Base64.getEncoder().encodeToString(c.signature()));
            },
            () -> body.putNull("checkpoint"));
    body.put("keyId", keys.keyId());
    try {
      String signed = json.writeValueAsString(body);
      ObjectNode line = json.createObjectNode();
      line.put("signed", signed);
      line.put(
          "signature",
          Base64.getEncoder().encodeToString(keys.sign(signed.getBytes(StandardCharsets.UTF_8))));
      line.put("keyId", keys.keyId());
      return json.writeValueAsBytes(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(OutputStream out, byte[] bytes) {
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("the export's reader went away", e);
    }
  }
}
