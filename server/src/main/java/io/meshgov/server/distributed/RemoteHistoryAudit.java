package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.ErrorCategory;
import io.meshgov.query.audit.HistoryAudit;
import io.meshgov.query.error.QueryError;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The query service's way to the store's evidence: {@code POST /audit/verify} and {@code POST
 * /audit/checkpoint} on the command service, with the caller's token (the command service checks
 * the role again).
 */
class RemoteHistoryAudit implements HistoryAudit {

  private final CommandService commandService;
  private final ObjectMapper json;

  RemoteHistoryAudit(CommandService commandService, ObjectMapper json) {
    this.commandService = commandService;
    this.json = json;
  }

  @Override
  public Verification verify() {
    return read("/audit/verify", Verification.class);
  }

  @Override
  public Optional<SignedCheckpoint> checkpoint() {
    return Optional.ofNullable(read("/audit/checkpoint", SignedCheckpoint.class));
  }

  /** The search asked of the command service: {@code POST /audit/events} with the query. */
  record Search(SearchFilter filter, Long after, int limit, boolean oldestFirst) {}

  @Override
  public java.util.List<FoundEvent> search(
      SearchFilter filter, Long after, int limit, boolean oldestFirst) {
    FoundEvent[] found;
    try {
      found =
          read(
              "/audit/events",
              FoundEvent[].class,
              json.writeValueAsBytes(new Search(filter, after, limit, oldestFirst)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return found == null ? java.util.List.of() : java.util.List.of(found);
  }

  private <T> T read(String path, Class<T> type) {
    return read(path, type, new byte[0]);
  }

  private <T> T read(String path, Class<T> type, byte[] request) {
    HttpResponse<byte[]> response =
        commandService.send(
            path,
            HttpRequest.newBuilder()
                .header("Content-Type", "application/json")
                .POST(
                    request.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request)));
    try {
      JsonNode body = response.body().length == 0 ? null : json.readTree(response.body());
      if (response.statusCode() == 204) {
        return null;
      }
      if (response.statusCode() != 200) {
        String category = body == null ? "" : body.path("category").asText("");
        String message = body == null ? "" : body.path("message").asText("");
        for (ErrorCategory known : ErrorCategory.values()) {
          if (known.name().equals(category)) {
            throw new QueryError(known, message);
          }
        }
        throw commandService.unavailable("status " + response.statusCode() + " from " + path);
      }
      return json.treeToValue(body, type);
    } catch (IOException e) {
      throw commandService.unavailable("unreadable answer from " + path);
    }
  }
}
