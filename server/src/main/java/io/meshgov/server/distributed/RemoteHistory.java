package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.WireFormatException;
import io.meshgov.query.audit.AggregateHistory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The query service's way to the event store for the auditor's queries: {@code GET
 * /events/{aggregateId}} on the command service with the caller's token, read as CloudEvents.
 */
class RemoteHistory implements AggregateHistory {

  private final CommandService commandService;
  private final ObjectMapper json;
  private final GovernanceCloudEvents wire = new GovernanceCloudEvents(URI.create("/meshgov"));

  RemoteHistory(CommandService commandService, ObjectMapper json) {
    this.commandService = commandService;
    this.json = json;
  }

  @Override
  public List<GovernanceEvent> read(String aggregateId, long fromSequence, int limit) {
    HttpResponse<byte[]> response =
        commandService.send(
            "/events/"
                + URLEncoder.encode(aggregateId, StandardCharsets.UTF_8)
                + "?from="
                + fromSequence
                + "&limit="
                + limit,
            HttpRequest.newBuilder().header("Accept", CommandServiceEndpoint.BATCH).GET());
    if (response.statusCode() != 200) {
      throw commandService.unavailable("status " + response.statusCode());
    }
    try {
      List<GovernanceEvent> events = new ArrayList<>();
      for (JsonNode event : json.readTree(response.body())) {
        events.add(wire.read(json.writeValueAsBytes(event)));
      }
      return events;
    } catch (IOException | WireFormatException e) {
      throw commandService.unavailable("unreadable events: " + e.getMessage());
    }
  }
}
