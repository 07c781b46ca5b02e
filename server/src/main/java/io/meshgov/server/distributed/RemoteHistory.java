package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.WireFormatException;
import io.meshgov.query.audit.AggregateHistory;
import io.meshgov.query.graphql.QueryError;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The query service's way to the event store for the auditor's queries: {@code GET
 * /events/{aggregateId}} on the command service with the caller's token, read as CloudEvents.
 */
class RemoteHistory implements AggregateHistory {

  private final URI commandService;
  private final ObjectMapper json;
  private final Supplier<String> bearerToken;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final GovernanceCloudEvents wire = new GovernanceCloudEvents(URI.create("/meshgov"));

  RemoteHistory(
      URI commandService, ObjectMapper json, Supplier<String> bearerToken, Duration timeout) {
    this.commandService = commandService;
    this.json = json;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
  }

  @Override
  public List<GovernanceEvent> read(String aggregateId, long fromSequence, int limit) {
    URI uri =
        commandService.resolve(
            "/events/"
                + URLEncoder.encode(aggregateId, StandardCharsets.UTF_8)
                + "?from="
                + fromSequence
                + "&limit="
                + limit);
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header("Accept", CommandEndpoint.BATCH)
                  .header("Authorization", "Bearer " + bearerToken.get())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
    if (response.statusCode() != 200) {
      throw unavailable("status " + response.statusCode());
    }
    try {
      List<GovernanceEvent> events = new ArrayList<>();
      for (JsonNode event : json.readTree(response.body())) {
        events.add(wire.read(json.writeValueAsBytes(event)));
      }
      return events;
    } catch (IOException | WireFormatException e) {
      throw unavailable("unreadable answer: " + e.getMessage());
    }
  }

  private QueryError unavailable(String why) {
    return new QueryError(
        "UNAVAILABLE",
        "the event store behind " + commandService + " cannot be read now (" + why + ")");
  }
}
