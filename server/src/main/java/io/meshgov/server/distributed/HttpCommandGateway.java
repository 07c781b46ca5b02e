package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.CommandGateway;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import io.meshgov.query.graphql.QueryError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The query service's way to the command side: forwards each command over HTTP to the command
 * service with the caller's own bearer token, and turns its answer back into the outcome or the
 * same {@link GovernanceException} the command side raised, so clients see the same payloads and
 * error codes as in the embedded setup. An unreachable command service is {@code UNAVAILABLE}.
 */
class HttpCommandGateway implements CommandGateway {

  private final URI commandService;
  private final ObjectMapper json;
  private final Supplier<String> bearerToken;
  private final HttpClient http;
  private final Duration timeout;

  HttpCommandGateway(
      URI commandService, ObjectMapper json, Supplier<String> bearerToken, Duration timeout) {
    this.commandService = commandService;
    this.json = json;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @Override
  public Outcome send(Object command, String actor, String reason) {
    Map<String, Object> body = new HashMap<>();
    body.put("command", command);
    body.put("reason", reason);
    HttpResponse<byte[]> response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  commandService.resolve("/commands/" + command.getClass().getSimpleName()))
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .header("Authorization", "Bearer " + bearerToken.get())
              .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
    if (response.statusCode() == 200) {
      try {
        return json.readValue(response.body(), Outcome.class);
      } catch (IOException e) {
        throw unavailable("unreadable answer: " + e.getMessage());
      }
    }
    throw refusal(response);
  }

  private RuntimeException refusal(HttpResponse<byte[]> response) {
    Refusal refusal;
    try {
      refusal = json.readValue(response.body(), Refusal.class);
    } catch (IOException e) {
      return unavailable("status " + response.statusCode());
    }
    if (response.statusCode() == 401) {
      return new QueryError("UNAUTHENTICATED", "the command service did not accept the token");
    }
    RejectionCode code;
    try {
      code = RejectionCode.valueOf(refusal.code());
    } catch (IllegalArgumentException | NullPointerException e) {
      return unavailable("status " + response.statusCode() + " " + refusal.message());
    }
    return new GovernanceException(
        code, refusal.message(), refusal.details() == null ? Map.of() : refusal.details());
  }

  private QueryError unavailable(String why) {
    return new QueryError(
        "UNAVAILABLE",
        "the command service at " + commandService + " cannot take commands now (" + why + ")");
  }

  record Refusal(String code, String message, Map<String, List<String>> details) {}
}
