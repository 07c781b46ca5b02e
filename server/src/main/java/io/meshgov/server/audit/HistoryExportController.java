package io.meshgov.server.audit;

import io.meshgov.api.GovernanceException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
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
// where the store is, but not the split's command service: there the query service serves this
// path and streams the export from the command service's /audit/export
@ConditionalOnExpression(
    "${meshgov.command-side.enabled:true} and !${meshgov.command-service.endpoint:false}")
class HistoryExportController {

  private final HistoryExports exports;

  HistoryExportController(HistoryExports exports) {
    this.exports = exports;
  }

  @GetMapping(path = "/api/v1/audit/export")
  ResponseEntity<StreamingResponseBody> export(
      Authentication caller,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String domain,
      @RequestParam(required = false) String team,
      @RequestParam(name = "aggregateId", required = false) List<String> aggregateIds,
      @RequestParam(required = false) String actor) {
    return exports.start(
        caller, new HistoryExports.Request(from, to, domain, team, aggregateIds, actor));
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
