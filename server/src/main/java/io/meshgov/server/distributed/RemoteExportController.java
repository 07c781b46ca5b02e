package io.meshgov.server.distributed;

import io.meshgov.api.ErrorCategory;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.query.error.QueryError;
import io.meshgov.server.security.TokenRules;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
 * {@code GET /api/v1/audit/export} in the query service: the same request as in the embedded
 * default, answered by streaming the command service's {@code /audit/export} through, a buffer at a
 * time (the command service checks the role again and records the export in the trail).
 */
@RestController
@ConditionalOnProperty(name = "meshgov.command-side.enabled", havingValue = "false")
class RemoteExportController {

  private static final MediaType JSON_LINES = io.meshgov.server.audit.HistoryExports.JSON_LINES;
  private static final String EXPORT_ID = io.meshgov.server.audit.HistoryExports.EXPORT_ID;

  private final CommandService commandService;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  RemoteExportController(
      CommandService commandService, com.fasterxml.jackson.databind.ObjectMapper json) {
    this.commandService = commandService;
    this.json = json;
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
    // refused here already, so a refused caller costs the command service nothing
    Set<String> roles = TokenRules.platformRoles(caller);
    if (!roles.contains("auditor") && !roles.contains(GovernanceMetaData.ADMIN_ROLE)) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              refusal(
                  "FORBIDDEN",
                  "NOT_AN_AUDITOR",
                  "only an auditor or a platform admin may export the history"));
    }
    List<String> query = new ArrayList<>();
    add(query, "from", from);
    add(query, "to", to);
    add(query, "domain", domain);
    add(query, "team", team);
    add(query, "actor", actor);
    if (aggregateIds != null) {
      aggregateIds.forEach(id -> add(query, "aggregateId", id));
    }
    HttpResponse<InputStream> answer =
        commandService.stream("/audit/export?" + String.join("&", query));
    InputStream body = answer.body();
    if (answer.statusCode() != 200) {
      // the command service's refusal, passed on with its status in the embedded default's form
      com.fasterxml.jackson.databind.JsonNode refused;
      try (body) {
        refused = json.readTree(body.readNBytes(64 * 1024));
      } catch (IOException e) {
        throw commandService.unavailable("unreadable refusal of an export: " + e);
      }
      if (answer.statusCode() >= 500 || refused == null || !refused.has("category")) {
        throw commandService.unavailable("status " + answer.statusCode() + " from /audit/export");
      }
      String category = refused.path("category").asText();
      // the statuses of the embedded default's export
      HttpStatus status =
          switch (category) {
            case "FORBIDDEN" -> HttpStatus.FORBIDDEN;
            case "INVALID_INPUT" -> HttpStatus.BAD_REQUEST;
            default -> HttpStatus.CONFLICT;
          };
      return ResponseEntity.status(status)
          .contentType(MediaType.APPLICATION_JSON)
          .body(
              refusal(
                  refused.path("category").asText(),
                  refused.path("code").asText(),
                  refused.path("message").asText()));
    }
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(JSON_LINES);
    answer
        .headers()
        .firstValue(EXPORT_ID)
        .ifPresent(
            id ->
                ok.header(EXPORT_ID, id)
                    .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"meshgov-" + id + ".jsonl\""));
    return ok.body(
        out -> {
          try (body) {
            body.transferTo(out);
          }
        });
  }

  private static void add(List<String> query, String name, String value) {
    if (value != null) {
      query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private StreamingResponseBody refusal(String code, String rejection, String message) {
    var body = json.createObjectNode();
    body.put("code", code);
    body.put("rejection", rejection);
    body.put("message", message);
    return out -> out.write(json.writeValueAsBytes(body));
  }

  @ExceptionHandler(QueryError.class)
  ResponseEntity<Map<String, Object>> unavailable(QueryError error) {
    return ResponseEntity.status(
            error.category() == ErrorCategory.UNAVAILABLE
                ? HttpStatus.SERVICE_UNAVAILABLE
                : HttpStatus.BAD_REQUEST)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("code", error.category().name(), "message", error.getMessage()));
  }
}
