package io.meshgov.server.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.api.command.LineageCommand;
import io.meshgov.query.error.QueryError;
import io.meshgov.query.openlineage.OpenLineageReader;
import io.meshgov.server.security.TokenRules;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenLineage's HTTP transport, as Marquez serves it: {@code POST /api/v1/lineage} takes one event
 * (a stock OpenLineage client needs only this server's URL and a token as its API key), {@code POST
 * /api/v1/lineage/batch} a JSON array of them for back-fills. An accepted event is answered with
 * {@code {"position": N}}, usable as {@code minPosition}; a refused one with 400 and every
 * violation, and nothing of it is stored. A batch is read and checked whole before any of it is
 * sent, then recorded in one transaction (the bulk form of the command side): a rule that refuses
 * one of its events when it is recorded (a run grown too long, a run of another reporter) refuses
 * the whole batch, nothing of it is stored, and the answer names the event ({@code refusedEvent}).
 * The token's person is recorded as who reported it. Served wherever mutations are: the embedded
 * default and the split's query service (which forwards to the command service).
 */
@RestController
@ConditionalOnExpression("!${meshgov.command-service.endpoint:false}")
class OpenLineageController {

  /** The largest batch body, and the most events in it. */
  static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

  static final int MAX_BATCH_EVENTS = 1_000;

  private final GovernanceGateway gateway;
  private final ObjectMapper json;

  OpenLineageController(ObjectProvider<GovernanceGateway> gateway, ObjectMapper json) {
    this.gateway = gateway.getObject();
    this.json = json;
  }

  @PostMapping(path = "/api/v1/lineage")
  ResponseEntity<Map<String, Object>> event(Authentication caller, HttpServletRequest request)
      throws IOException {
    byte[] body = body(request, OpenLineageReader.MAX_EVENT_BYTES);
    String text = new String(body, StandardCharsets.UTF_8);
    LineageCommand command = OpenLineageReader.read(parse(body), text);
    long position = send(caller, command, UUID.randomUUID().toString());
    return ResponseEntity.ok(Map.of("position", position));
  }

  @PostMapping(path = "/api/v1/lineage/batch")
  ResponseEntity<Map<String, Object>> batch(Authentication caller, HttpServletRequest request)
      throws IOException {
    JsonNode events = parse(body(request, MAX_BATCH_BYTES));
    if (!events.isArray()) {
      throw new OpenLineageReader.Refused(List.of("the body is not a JSON array of events"));
    }
    if (events.size() > MAX_BATCH_EVENTS) {
      throw new OpenLineageReader.Refused(
          List.of("a batch holds at most " + MAX_BATCH_EVENTS + " events"));
    }
    List<LineageCommand> commands = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      try {
        commands.add(OpenLineageReader.read(events.get(i), json.writeValueAsString(events.get(i))));
      } catch (OpenLineageReader.Refused refused) {
        for (String violation : refused.violations()) {
          violations.add("[" + i + "] " + violation);
        }
      }
    }
    if (!violations.isEmpty()) {
      throw new OpenLineageReader.Refused(violations);
    }
    // the bulk form: one transaction, all or nothing
    List<Long> positions;
    try {
      positions =
          gateway
              .sendAll(
                  commands,
                  new Origin(caller.getName(), null, UUID.randomUUID().toString(), null)
                      .withRoles(TokenRules.platformRoles(caller)))
              .stream()
              .map(GovernanceGateway.Outcome::position)
              .toList();
    } catch (GovernanceException refused) {
      ResponseEntity<Map<String, Object>> answer = rejected(refused);
      Map<String, Object> body = new LinkedHashMap<>(answer.getBody());
      List<String> index = refused.details().get("commandIndex");
      if (index != null && !index.isEmpty()) {
        body.put("refusedEvent", Integer.parseInt(index.get(0)));
      }
      body.put("stored", 0);
      return ResponseEntity.status(answer.getStatusCode()).body(body);
    }
    return ResponseEntity.ok(Map.of("positions", positions));
  }

  private long send(Authentication caller, LineageCommand command, String correlation) {
    return gateway
        .send(
            command,
            new Origin(caller.getName(), null, correlation, null)
                .withRoles(TokenRules.platformRoles(caller)))
        .position();
  }

  /** The body, read up to {@code limit} bytes (also when gzip-compressed, as clients may send). */
  private static byte[] body(HttpServletRequest request, int limit) throws IOException {
    if (request.getContentLengthLong() > limit) {
      throw new TooLarge(limit);
    }
    byte[] body;
    try {
      InputStream in = request.getInputStream();
      String encoding = request.getHeader("Content-Encoding");
      if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
        in = new GZIPInputStream(in);
      }
      body = in.readNBytes(limit + 1);
    } catch (IOException unreadable) {
      // a cut-off or mislabelled gzip body: refused, never answered as if it were taken
      throw new OpenLineageReader.Refused(
          List.of("the body could not be read (a gzip body cut off or not gzip)"));
    }
    if (body.length > limit) {
      throw new TooLarge(limit);
    }
    return body;
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new OpenLineageReader.Refused(List.of("the body is empty"));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new OpenLineageReader.Refused(List.of("the body is not JSON"));
    } catch (IOException e) {
      throw new OpenLineageReader.Refused(List.of("the body could not be read"));
    }
  }

  /** A body over the limit. */
  static final class TooLarge extends RuntimeException {
    final int limit;

    TooLarge(int limit) {
      super(null, null, false, false);
      this.limit = limit;
    }
  }

  @ExceptionHandler(TooLarge.class)
  ResponseEntity<Map<String, Object>> tooLarge(TooLarge e) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .body(
            refusal(
                "INVALID_INPUT",
                "PAYLOAD_TOO_LARGE",
                "the body is larger than " + e.limit + " bytes",
                List.of()));
  }

  @ExceptionHandler(OpenLineageReader.Refused.class)
  ResponseEntity<Map<String, Object>> refused(OpenLineageReader.Refused refused) {
    return ResponseEntity.badRequest()
        .body(
            refusal(
                "INVALID_INPUT",
                "INVALID_INPUT",
                "not an OpenLineage event meshgov takes",
                refused.violations()));
  }

  @ExceptionHandler(GovernanceException.class)
  ResponseEntity<Map<String, Object>> rejected(GovernanceException rejection) {
    HttpStatus status =
        switch (rejection.category()) {
          case INVALID_INPUT -> HttpStatus.BAD_REQUEST;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          default -> HttpStatus.CONFLICT;
        };
    return ResponseEntity.status(status)
        .body(
            refusal(
                rejection.category().name(),
                rejection.code().name(),
                rejection.getMessage(),
                rejection.category() == io.meshgov.api.ErrorCategory.INVALID_INPUT
                    ? List.of(rejection.getMessage())
                    : List.of()));
  }

  @ExceptionHandler(QueryError.class)
  ResponseEntity<Map<String, Object>> unavailable(QueryError error) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(
            refusal(
                error.category().name(), error.category().name(), error.getMessage(), List.of()));
  }

  private static Map<String, Object> refusal(
      String code, String rejection, String message, List<String> violations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("rejection", rejection);
    body.put("message", message);
    body.put("violations", violations);
    return body;
  }
}
