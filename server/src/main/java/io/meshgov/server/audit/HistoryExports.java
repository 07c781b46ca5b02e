package io.meshgov.server.audit;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.command.AuditCommand.RecordExportCommand;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.command.audit.HistoryExporter;
import io.meshgov.server.security.TokenRules;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Starts an export where the event store is (the embedded default's {@code /api/v1/audit/export}
 * and the command service's {@code /audit/export}, which the query service streams through): the
 * caller must be an auditor or a platform admin, at most {@link #AT_ONCE} run at once, and each is
 * recorded in the trail (who, when, what range) before its first line is sent.
 */
public final class HistoryExports {

  /** The media type of an export: JSON Lines. */
  public static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl");

  /** The header that names the export (its id in the trail). */
  public static final String EXPORT_ID = "X-Meshgov-Export-Id";

  /** Exports at once: each holds a database connection while its reader reads. */
  static final int AT_ONCE = 2;

  private final HistoryExporter exporter;
  private final GovernanceGateway gateway;
  private final Clock clock = Clock.systemUTC();
  private final Semaphore running = new Semaphore(AT_ONCE);

  HistoryExports(HistoryExporter exporter, GovernanceGateway gateway) {
    this.exporter = exporter;
    this.gateway = gateway;
  }

  /** What an export asks for, as given in the request's parameters. */
  public record Request(
      String from,
      String to,
      String domain,
      String team,
      List<String> aggregateIds,
      String actor) {}

  /** Checks, records and streams one export for {@code caller}. */
  public ResponseEntity<StreamingResponseBody> start(Authentication caller, Request request) {
    Set<String> roles = TokenRules.platformRoles(caller);
    if (!roles.contains("auditor") && !roles.contains(GovernanceMetaData.ADMIN_ROLE)) {
      throw new GovernanceException(
          io.meshgov.api.RejectionCode.NOT_AN_AUDITOR,
          "only an auditor or a platform admin may export the history");
    }
    HistoryExporter.Filter filter =
        new HistoryExporter.Filter(
            instant(request.from(), "from"),
            instant(request.to(), "to"),
            request.domain(),
            request.team(),
            request.aggregateIds(),
            request.actor());
    if (!running.tryAcquire()) {
      throw new GovernanceException(
          io.meshgov.api.RejectionCode.CONCURRENT_MODIFICATION,
          AT_ONCE + " exports are running: ask again when one is done");
    }
    String exportId = "exp_" + UUID.randomUUID();
    try {
      // recorded first: an export that fails half-way is still in the trail
      gateway.send(
          new RecordExportCommand(
              exportId,
              filter.from(),
              filter.to(),
              filter.domain(),
              filter.team(),
              filter.aggregateIds(),
              filter.actor(),
              exporter.head()),
          new Origin(caller.getName(), "export", null, null).withRoles(roles));
    } catch (RuntimeException e) {
      running.release();
      throw e;
    }
    Instant now = clock.instant();
    StreamingResponseBody body =
        out -> {
          try {
            exporter.write(exportId, filter, caller.getName(), now, out);
          } finally {
            running.release();
          }
        };
    return ResponseEntity.ok()
        .contentType(JSON_LINES)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"meshgov-" + exportId + ".jsonl\"")
        .header(EXPORT_ID, exportId)
        .body(body);
  }

  private static Instant instant(String text, String what) {
    if (text == null) {
      throw GovernanceException.invalid(what + " is required: an ISO-8601 instant");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw GovernanceException.invalid(
          what + " is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }
}
