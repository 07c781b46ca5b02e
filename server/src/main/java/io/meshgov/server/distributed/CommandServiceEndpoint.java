package io.meshgov.server.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.ErrorCategory;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.command.CommandTypes;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.api.command.GovernanceGateway.Outcome;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.plumbing.KafkaSettings;
import io.meshgov.plumbing.StoreReading;
import io.meshgov.query.audit.AggregateHistory;
import io.meshgov.query.audit.StoreHistory;
import io.meshgov.server.ServerSettings;
import io.meshgov.server.security.TokenRules;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The command service's door for the query service: {@code POST /commands/{CommandName}} with
 * {@code {"command": {...}, "reason": "...", "correlationId": "...", "commandId": "..."}} and the
 * caller's bearer token (the correlation and command ids are the query service's, so one user
 * action keeps one correlation across the split). The actor is the token's subject, checked here
 * again, never taken from the body. Answers {@code {"aggregateId", "position"}}, or a refusal
 * {@code {"code", "category", "message", "details"}} with a 4xx status. {@code GET
 * /events/{aggregateId}} gives an aggregate's events for the auditor's queries of the query
 * service, {@code GET /head} the newest position of the store. Only the command service of the
 * distributed setup serves these ({@code meshgov.command-service.endpoint=true}), and only to the
 * query service: every request needs its {@link ServiceCredential} besides the user's token (a user
 * token alone is refused with 403).
 */
@RestController
@ConditionalOnProperty(name = "meshgov.command-service.endpoint", havingValue = "true")
@EnableConfigurationProperties({ServerSettings.CommandService.class, KafkaSettings.class})
class CommandServiceEndpoint {

  /** What the query service forwards. */
  record ForwardedCommand(
      JsonNode command, String reason, String correlationId, String commandId) {}

  static final String BATCH = "application/cloudevents-batch+json";

  private final GovernanceCommands commands;
  private final ServiceCredential credential;
  private final ObjectProvider<EventStore> store;
  private final ObjectMapper json;
  private final AggregateHistory history;
  private final GovernanceCloudEvents wire;
  private final ObjectProvider<io.meshgov.query.audit.HistoryAudit> evidence;
  private final ObjectProvider<io.meshgov.server.audit.HistoryExports> exports;

  CommandServiceEndpoint(
      GovernanceCommands commands,
      ObjectMapper json,
      ObjectProvider<EventStore> store,
      KafkaSettings kafka,
      ServerSettings.CommandService settings,
      ObjectProvider<io.meshgov.query.audit.HistoryAudit> evidence,
      ObjectProvider<io.meshgov.query.audit.EventPositions> positions,
      ObjectProvider<io.meshgov.server.audit.HistoryExports> exports) {
    this.exports = exports;
    this.evidence = evidence;
    this.commands = commands;
    this.credential = new ServiceCredential(settings.secret());
    this.store = store;
    this.json = json;
    this.history = new StoreHistory(store, positions);
    this.wire = new GovernanceCloudEvents(kafka.source());
  }

  /**
   * The events of one aggregate from sequence {@code from} on, at most {@code limit}, as a JSON
   * array of CloudEvents in the wire format (the query service's audit queries read it).
   */
  @GetMapping(path = "/events/{aggregateId}", produces = BATCH)
  ResponseEntity<byte[]> events(
      @PathVariable String aggregateId,
      @RequestParam(defaultValue = "0") long from,
      @RequestParam(defaultValue = "100000") int limit,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    if (from < 0 || limit < 1) {
      throw GovernanceException.invalid("from must be 0 or more and limit 1 or more");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write('[');
    boolean first = true;
    for (GovernanceEvent event : history.read(aggregateId, from, limit)) {
      if (!first) {
        body.write(',');
      }
      body.writeBytes(wire.write(event));
      first = false;
    }
    body.write(']');
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(BATCH))
        .body(body.toByteArray());
  }

  /** A command of the contract from its simple name and its JSON form. */
  private GovernanceCommand command(String name, JsonNode body) {
    Class<? extends GovernanceCommand> type = name == null ? null : CommandTypes.named(name);
    if (type == null) {
      throw GovernanceException.invalid("no command " + name + " in the contract");
    }
    if (body == null) {
      throw GovernanceException.invalid("the body names no command");
    }
    try {
      return json.treeToValue(body, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof GovernanceException rejection) {
          throw rejection;
        }
      }
      throw GovernanceException.invalid("the body is not a valid " + name);
    }
  }

  /** The newest position in the store, -1 when empty (read-your-writes of the query service). */
  @GetMapping(path = "/head")
  Map<String, Long> head(
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    return Map.of("position", StoreReading.headPosition(store.getObject()));
  }

  @PostMapping(path = "/commands/{name}", consumes = "application/json")
  Outcome send(
      @PathVariable String name,
      @RequestBody ForwardedCommand body,
      Authentication caller,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    if (body == null) {
      throw GovernanceException.invalid("the body names no command");
    }
    return commands.send(
        command(name, body.command()),
        new Origin(caller.getName(), body.reason(), body.correlationId(), body.commandId())
            .withRoles(TokenRules.platformRoles(caller)));
  }

  /** Commands of the bulk form, each named as on {@code /commands/{name}}. */
  record ForwardedBulk(List<NamedCommand> commands, String reason, String correlationId) {}

  record NamedCommand(String name, JsonNode command) {}

  /**
   * The bulk form ({@code POST /commands} with {@code {"commands": [{"name", "command"}], "reason",
   * "correlationId"}}): applied as one unit, all or nothing; answers an outcome per command.
   */
  @PostMapping(path = "/commands", consumes = "application/json")
  List<Outcome> sendAll(
      @RequestBody ForwardedBulk body,
      Authentication caller,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    if (body == null || body.commands() == null) {
      throw GovernanceException.invalid("the body names no commands");
    }
    if (body.commands().size() > io.meshgov.api.command.GovernanceGateway.MAX_BULK) {
      throw GovernanceException.invalid(
          "at most " + io.meshgov.api.command.GovernanceGateway.MAX_BULK + " commands at once");
    }
    List<GovernanceCommand> read = new java.util.ArrayList<>(body.commands().size());
    for (NamedCommand named : body.commands()) {
      if (named == null) {
        throw GovernanceException.invalid("the body names no command");
      }
      read.add(command(named.name(), named.command()));
    }
    return commands.sendAll(
        read,
        new Origin(caller.getName(), body.reason(), body.correlationId(), null)
            .withRoles(TokenRules.platformRoles(caller)));
  }

  /** The store's evidence for an auditor or admin whose token the query service forwarded. */
  @PostMapping(path = "/audit/verify")
  io.meshgov.query.audit.HistoryAudit.Verification verify(
      Authentication caller,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    requireAuditor(caller);
    return evidence.getObject().verify();
  }

  @PostMapping(path = "/audit/checkpoint")
  ResponseEntity<io.meshgov.query.audit.HistoryAudit.SignedCheckpoint> checkpoint(
      Authentication caller,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    requireAuditor(caller);
    return evidence
        .getObject()
        .checkpoint()
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  /**
   * An export for an auditor or admin whose token the query service forwarded, streamed to the
   * query service, which streams it on (the same checks and the same record in the trail as the
   * embedded default's {@code /api/v1/audit/export}).
   */
  @GetMapping(path = "/audit/export")
  ResponseEntity<org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody>
      export(
          Authentication caller,
          @RequestParam(required = false) String from,
          @RequestParam(required = false) String to,
          @RequestParam(required = false) String domain,
          @RequestParam(required = false) String team,
          @RequestParam(name = "aggregateId", required = false) java.util.List<String> aggregateIds,
          @RequestParam(required = false) String actor,
          @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    return exports
        .getObject()
        .start(
            caller,
            new io.meshgov.server.audit.HistoryExports.Request(
                from, to, domain, team, aggregateIds, actor));
  }

  /** {@code auditEvents} for the query service (open to every signed-in person, as trails are). */
  @PostMapping(path = "/audit/events", consumes = "application/json")
  java.util.List<io.meshgov.query.audit.HistoryAudit.FoundEvent> search(
      @RequestBody RemoteHistoryAudit.Search body,
      @RequestHeader(name = ServiceCredential.HEADER, required = false) String service) {
    requireQueryService(service);
    if (body == null || body.filter() == null) {
      throw GovernanceException.invalid("the body names no search");
    }
    return evidence
        .getObject()
        .search(body.filter(), body.after(), body.limit(), body.oldestFirst());
  }

  private static void requireAuditor(Authentication caller) {
    var roles = TokenRules.platformRoles(caller);
    if (!roles.contains("auditor") && !roles.contains(GovernanceMetaData.ADMIN_ROLE)) {
      throw new GovernanceException(
          io.meshgov.api.RejectionCode.ADMIN_ONLY, "only an auditor or a platform admin may");
    }
  }

  @ExceptionHandler(io.meshgov.query.error.QueryError.class)
  ResponseEntity<Map<String, Object>> unanswered(io.meshgov.query.error.QueryError error) {
    HttpStatus status =
        switch (error.category()) {
          case QUERY_TOO_COMPLEX -> HttpStatus.UNPROCESSABLE_ENTITY;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          default -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    return ResponseEntity.status(status)
        .body(
            Map.of(
                "code", error.category().name(),
                "category", error.category().name(),
                "message", error.getMessage()));
  }

  private void requireQueryService(String presented) {
    if (!credential.matches(presented)) {
      throw new NotTheQueryService();
    }
  }

  /** A request without the query service's credential: a user may not call this service. */
  static final class NotTheQueryService extends RuntimeException {
    NotTheQueryService() {
      super("only the query service may call the command service", null, false, false);
    }
  }

  @ExceptionHandler(NotTheQueryService.class)
  ResponseEntity<Map<String, Object>> notTheQueryService(NotTheQueryService refused) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(
            Map.of(
                "code",
                ErrorCategory.FORBIDDEN.name(),
                "category",
                ErrorCategory.FORBIDDEN.name(),
                "message",
                refused.getMessage()));
  }

  @ExceptionHandler(GovernanceException.class)
  ResponseEntity<Map<String, Object>> refused(GovernanceException rejection) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", rejection.code().name());
    body.put("category", rejection.category().name());
    body.put("message", rejection.getMessage());
    body.put("details", rejection.details());
    return ResponseEntity.status(statusOf(rejection)).body(body);
  }

  private static HttpStatus statusOf(GovernanceException rejection) {
    return switch (rejection.category()) {
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
      case CONFLICT -> HttpStatus.CONFLICT;
      case INVALID_INPUT, BREAKING_CHANGE, LINEAGE_CYCLE, QUERY_TOO_COMPLEX ->
          HttpStatus.UNPROCESSABLE_ENTITY;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }
}
