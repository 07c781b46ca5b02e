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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/v1/audit/export?from=...&to=...[&domain=][&team=][&aggregateId=...][&actor=]}: a
 * range of the history as JSON Lines with a signed manifest as the last line (docs/audit.md), for
 * auditors and platform admins, streamed. The export is recorded in the trail (who, when, what
 * range) before its first line is sent. Served by the embedded default, where the event store is.
 */
@RestController
// where the store is, but not the split's command service (it serves only the query service;
// exports through the split are still to come)
@ConditionalOnExpression(
    "${meshgov.command-side.enabled:true} and !${meshgov.command-service.endpoint:false}")
class HistoryExportController {

  static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl");

  private final HistoryExporter exporter;
  private final GovernanceGateway gateway;
  private final Clock clock = Clock.systemUTC();

  /** Exports at once: each holds a database connection while its reader reads. */
  static final int AT_ONCE = 2;

  private final java.util.concurrent.Semaphore running =
      new java.util.concurrent.Semaphore(AT_ONCE);

  HistoryExportController(HistoryExporter exporter, ObjectProvider<GovernanceGateway> gateway) {
    this.exporter = exporter;
    this.gateway = gateway.getObject();
  }

  @GetMapping(path = "/api/v1/audit/export")
  ResponseEntity<StreamingResponseBody> export(
      Authentication caller,
      @RequestParam String from,
      @RequestParam String to,
      @RequestParam(required = false) String domain,
      @RequestParam(required = false) String team,
      @RequestParam(name = "aggregateId", required = false) List<String> aggregateIds,
      @RequestParam(required = false) String actor) {
    Set<String> roles = TokenRules.platformRoles(caller);
    if (!roles.contains("auditor") && !roles.contains(GovernanceMetaData.ADMIN_ROLE)) {
      throw new GovernanceException(
          io.meshgov.api.RejectionCode.NOT_AN_AUDITOR,
          "only an auditor or a platform admin may export the history");
    }
    HistoryExporter.Filter filter =
        new HistoryExporter.Filter(
            instant(from, "from"), instant(to, "to"), domain, team, aggregateIds, actor);
    String exportId = "exp_" + UUID.randomUUID();
    long head = exporter.head();
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
            head),
        new Origin(caller.getName(), "export", null, null).withRoles(roles));
    if (!running.tryAcquire()) {
      throw new GovernanceException(
          io.meshgov.api.RejectionCode.CONCURRENT_MODIFICATION,
          AT_ONCE + " exports are running: ask again when one is done");
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
        .header("X-Meshgov-Export-Id", exportId)
        .body(body);
  }

  private static Instant instant(String text, String what) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw GovernanceException.invalid(
          what + " is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  @ExceptionHandler(GovernanceException.class)
  ResponseEntity<Map<String, Object>> refused(GovernanceException rejection) {
    HttpStatus status =
        switch (rejection.category()) {
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
          default -> HttpStatus.CONFLICT;
        };
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            Map.of(
                "code", rejection.category().name(),
                "rejection", rejection.code().name(),
                "message", rejection.getMessage()));
  }
}
