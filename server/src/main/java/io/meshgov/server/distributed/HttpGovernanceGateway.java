package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.ErrorCategory;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.query.error.QueryError;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query service's way to the command side: forwards each command over HTTP to the command
 * service with the caller's own bearer token, its reason, correlation and command id, and turns its
 * answer back into the outcome or the same {@link GovernanceException} the command side raised, so
 * clients see the same payloads and error codes as in the embedded setup. An unreachable command
 * service is {@code UNAVAILABLE}.
 */
class HttpGovernanceGateway implements GovernanceGateway {

  private final CommandService commandService;
  private final ObjectMapper json;

  HttpGovernanceGateway(CommandService commandService, ObjectMapper json) {
    this.commandService = commandService;
    this.json = json;
  }

  @Override
  public Outcome send(GovernanceCommand command, Origin origin) {
    Map<String, Object> body = new HashMap<>();
    body.put("command", command);
    body.put("reason", origin.reason());
    body.put("correlationId", origin.correlationId());
    body.put("commandId", origin.commandId());
    return post("/commands/" + command.getClass().getSimpleName(), body, Outcome.class);
  }

  /** The bulk form, forwarded as one request: the command service applies it as one unit. */
  @Override
  public List<Outcome> sendAll(List<? extends GovernanceCommand> commands, Origin origin) {
    List<Map<String, Object>> named = new java.util.ArrayList<>(commands.size());
    for (GovernanceCommand command : commands) {
      named.add(Map.of("name", command.getClass().getSimpleName(), "command", command));
    }
    Map<String, Object> body = new HashMap<>();
    body.put("commands", named);
    body.put("reason", origin.reason());
    body.put("correlationId", origin.correlationId());
    return List.of(post("/commands", body, Outcome[].class));
  }

  /** Posts the body as JSON and reads the answer, or turns a refusal back into its exception. */
  private <T> T post(String path, Map<String, Object> body, Class<T> answer) {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request to " + path, e);
    }
    HttpResponse<byte[]> response =
        commandService.send(
            path,
            HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));
    if (response.statusCode() == 200) {
      try {
        return json.readValue(response.body(), answer);
      } catch (IOException e) {
        throw commandService.unavailable("unreadable answer: " + e.getMessage());
      }
    }
    throw refusal(response);
  }

  private RuntimeException refusal(HttpResponse<byte[]> response) {
    if (response.statusCode() == 401) {
      return new QueryError(
          ErrorCategory.UNAUTHENTICATED, "the command service did not accept the token");
    }
    Refusal refusal;
    try {
      refusal = json.readValue(response.body(), Refusal.class);
    } catch (IOException e) {
      return commandService.unavailable("status " + response.statusCode());
    }
    RejectionCode code;
    try {
      code = RejectionCode.valueOf(refusal.code());
    } catch (IllegalArgumentException | NullPointerException e) {
      return commandService.unavailable(
          "status " + response.statusCode() + " " + refusal.message());
    }
    return new GovernanceException(
        code, refusal.message(), refusal.details() == null ? Map.of() : refusal.details());
  }

  record Refusal(String code, String message, Map<String, List<String>> details) {}
}
