package io.meshgov.query.graphql;

import io.meshgov.api.GovernanceException;
import io.meshgov.query.audit.HistoryAudit;
import io.meshgov.query.error.QueryError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * {@code auditEvents}: who did what when across all aggregates, newest or oldest first, a page at a
 * time. Open to every signed-in person, as every trail is (the mesh is transparent inside the
 * organisation).
 */
@Controller
class AuditEventsController {

  static final int MAX_PAGE = 500;

  private final HistoryAudit audit;

  AuditEventsController(HistoryAudit audit) {
    this.audit = audit;
  }

  record Connection(List<Edge> edges, LineageGraphController.PageInfo pageInfo) {}

  record Edge(String cursor, HistoryAudit.FoundEvent node) {}

  @QueryMapping
  Connection auditEvents(
      @Argument Map<String, Object> filter,
      @Argument Integer first,
      @Argument String after,
      @Argument String order) {
    int size = first == null ? 50 : first;
    if (size < 1 || size > MAX_PAGE) {
      throw QueryError.invalid("first must be between 1 and " + MAX_PAGE);
    }
    boolean oldestFirst = "OLDEST_FIRST".equals(order);
    Map<String, Object> f = filter == null ? Map.of() : filter;
    HistoryAudit.SearchFilter search =
        new HistoryAudit.SearchFilter(
            text(f, "actor"),
            (Instant) f.get("from"),
            (Instant) f.get("to"),
            list(f, "types", 100),
            list(f, "aggregateIds", 1000),
            text(f, "domain"),
            text(f, "team"),
            text(f, "correlationId"));
    List<HistoryAudit.FoundEvent> page;
    try {
      page = audit.search(search, decode(after), size + 1, oldestFirst);
    } catch (GovernanceException e) {
      throw QueryError.invalid(e.getMessage());
    }
    List<Edge> edges =
        page.stream().limit(size).map(e -> new Edge(encode(e.position()), e)).toList();
    return new Connection(
        edges,
        new LineageGraphController.PageInfo(
            page.size() > size, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
  }

  private static String text(Map<String, Object> filter, String name) {
    Object value = filter.get(name);
    if (value == null) {
      return null;
    }
    String text = value.toString();
    if (text.isBlank() || text.length() > 255) {
      throw QueryError.invalid(name + " must have 1 to 255 characters");
    }
    return text;
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> filter, String name, int max) {
    Object value = filter.get(name);
    if (value == null) {
      return List.of();
    }
    List<String> values = (List<String>) value;
    if (values.size() > max || values.stream().anyMatch(v -> v.isBlank() || v.length() > 255)) {
      throw QueryError.invalid(name + ": at most " + max + " entries of 1 to 255 characters");
    }
    return values;
  }

  private static String encode(long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("audit:" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith("audit:")) {
        throw QueryError.invalid("not a cursor of auditEvents");
      }
      return Long.parseLong(text.substring("audit:".length()));
    } catch (IllegalArgumentException e) {
      throw QueryError.invalid("not a cursor of auditEvents");
    }
  }
}
