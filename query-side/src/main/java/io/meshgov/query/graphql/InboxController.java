package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.api.ErrorCategory;
import io.meshgov.api.Values;
import io.meshgov.lineage.query.InboxItem;
import io.meshgov.lineage.query.InboxQueries;
import io.meshgov.query.error.QueryError;
import io.meshgov.query.live.LiveUpdates;
import io.meshgov.query.live.ProductChange;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;

/**
 * The signed-in person's inbox: a page of it, marking items read, and the live streams of new items
 * and of a product's changes. Everyone sees and marks only their own items.
 */
@Controller
class InboxController {

  static final int MAX_PAGE = 200;
  static final int MAX_MARKED = 500;

  private final InboxQueries inbox;
  private final LiveUpdates live;
  private final CurrentActor actor;
  private final ProjectionWait wait;
  private final Clock clock = Clock.systemUTC();

  InboxController(InboxQueries inbox, LiveUpdates live, CurrentActor actor, ProjectionWait wait) {
    this.inbox = inbox;
    this.live = live;
    this.actor = actor;
    this.wait = wait;
  }

  record Connection(List<Edge> edges, LineageGraphController.PageInfo pageInfo, long unreadCount) {}

  record Edge(String cursor, InboxItem node) {}

  record MarkReadPayload(int marked, long unreadCount) {}

  @QueryMapping("inbox")
  Connection inboxPage(
      @Argument Integer first,
      @Argument String after,
      @Argument Boolean unreadOnly,
      @Argument Long minPosition,
      GraphQLContext request) {
    String person = person(request);
    int size = first == null ? 20 : first;
    if (size < 1 || size > MAX_PAGE) {
      throw QueryError.invalid("first must be between 1 and " + MAX_PAGE);
    }
    wait.awaitPosition(minPosition, request);
    List<InboxItem> page =
        inbox.inbox(person, decode(after), size + 1, Boolean.TRUE.equals(unreadOnly));
    List<Edge> edges = page.stream().limit(size).map(i -> new Edge(encode(i), i)).toList();
    return new Connection(
        edges,
        new LineageGraphController.PageInfo(
            page.size() > size, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()),
        inbox.unreadCount(person));
  }

  @MutationMapping
  MarkReadPayload markRead(@Argument Map<String, Object> input, GraphQLContext request) {
    String person = person(request);
    Object ids = input.get("ids");
    boolean all = Boolean.TRUE.equals(input.get("all"));
    if ((ids == null) == !all) {
      throw QueryError.invalid("name the items (ids) or mark them all (all: true), not both");
    }
    int marked;
    if (all) {
      marked = inbox.markAllRead(person);
    } else {
      @SuppressWarnings("unchecked")
      List<String> names = (List<String>) ids;
      if (names.size() > MAX_MARKED) {
        throw QueryError.invalid("at most " + MAX_MARKED + " items at a time");
      }
      for (String name : names) {
        Values.requiredText(name, "an item id", 400);
      }
      marked = inbox.markRead(person, names);
    }
    return new MarkReadPayload(marked, inbox.unreadCount(person));
  }

  @SubscriptionMapping
  Publisher<InboxItem> inboxItems(GraphQLContext request) {
    Subscriber subscriber = subscriber(request);
    return live.inboxOf(subscriber.person(), subscriber.remaining(clock));
  }

  @SubscriptionMapping
  Publisher<ProductChange> productChanged(@Argument String id, GraphQLContext request) {
    Subscriber subscriber = subscriber(request);
    String product = io.meshgov.api.DataProductId.of(id).value();
    return live.changesOf(product, subscriber.person(), subscriber.remaining(clock));
  }

  private Subscriber subscriber(GraphQLContext request) {
    return Subscriber.of(request)
        .orElseThrow(
            () ->
                new QueryError(
                    ErrorCategory.UNAUTHENTICATED,
                    "subscriptions are served over WebSocket (graphql-transport-ws) at"
                        + " /graphql-ws, signed in with a token in connection_init"));
  }

  private String person(GraphQLContext request) {
    return Subscriber.of(request)
        .map(Subscriber::person)
        .or(actor::name)
        .orElseThrow(
            () -> new QueryError(ErrorCategory.UNAUTHENTICATED, "sign in to read your inbox"));
  }

  private static String encode(InboxItem item) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            ("inbox:" + item.position() + ":" + item.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static InboxQueries.Cursor decode(String cursor) {
    if (cursor == null) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      String[] parts = text.split(":", 3);
      if (parts.length != 3 || !parts[0].equals("inbox")) {
        throw QueryError.invalid("not a cursor of the inbox");
      }
      return new InboxQueries.Cursor(Long.parseLong(parts[1]), parts[2]);
    } catch (IllegalArgumentException e) {
      throw QueryError.invalid("not a cursor of the inbox");
    }
  }
}
