package io.meshgov.server.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.CommandGateway;
import io.meshgov.api.GovernanceException;
import io.meshgov.command.infrastructure.GovernanceCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The command service's door for the query service: {@code POST /commands/{CommandName}} with
 * {@code {"command": {...}, "reason": "...", "correlationId": "..."}} and the caller's bearer
 * token. The actor is the token's subject, checked here again, never taken from the body. Answers
 * {@code {"aggregateId", "position"}}, or a refusal {@code {"code", "category", "message",
 * "details"}} with a 4xx status.
 */
@RestController
@ConditionalOnProperty(
    name = "meshgov.command-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
class CommandEndpoint {

  /** What the query service forwards. */
  record ForwardedCommand(JsonNode command, String reason, String correlationId) {}

  private final GovernanceCommands commands;
  private final ObjectMapper json;

  CommandEndpoint(GovernanceCommands commands, ObjectMapper json) {
    this.commands = commands;
    this.json = json;
  }

  @PostMapping(path = "/commands/{name}", consumes = "application/json")
  CommandGateway.Outcome send(
      @PathVariable String name, @RequestBody ForwardedCommand body, Authentication caller) {
    Class<?> type = ContractCommands.BY_NAME.get(name);
    if (type == null) {
      throw GovernanceException.invalid("no command " + name + " in the contract");
    }
    if (body == null || body.command() == null) {
      throw GovernanceException.invalid("the body names no command");
    }
    Object command;
    try {
      command = json.treeToValue(body.command(), type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof GovernanceException rejection) {
          throw rejection;
        }
      }
      throw GovernanceException.invalid("the body is not a valid " + name);
    }
    return commands.send(command, caller.getName(), body.reason(), body.correlationId());
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
      case INVALID_INPUT, BREAKING_CHANGE, LINEAGE_CYCLE -> HttpStatus.UNPROCESSABLE_ENTITY;
    };
  }
}
