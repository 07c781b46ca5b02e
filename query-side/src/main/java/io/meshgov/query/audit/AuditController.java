package io.meshgov.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.DataProductId;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.query.error.QueryError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.axonframework.serialization.Revision;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The auditor's questions, answered from the event store itself (in this process or through the
 * command service), not from a projection: what happened to an aggregate, by whom, when and why;
 * and what a product looked like at a time.
 */
@Controller
public class AuditController {

  private static final int MAX_PAGE = 500;

  /**
   * Characters of one page of the trail (payloads, reasons, ids): a page that would grow beyond it
   * ends early with {@code hasMore}, so no answer is larger than about a megabyte plus one event.
   */
  static final long PAGE_BUDGET = 1_000_000;

  private static final int READ_CHUNK = 20;

  /** One event as an auditor reads it. */
  public record AuditEvent(
      long sequence,
      String type,
      String revision,
      Instant time,
      String actor,
      String reason,
      String correlationId,
      String causationId,
      String payload) {}

  public record AuditTrail(String aggregateId, List<AuditEvent> events, boolean hasMore) {}

  private final AggregateHistory history;
  private final ObjectMapper json;

  public AuditController(AggregateHistory history, ObjectMapper json) {
    this.history = history;
    this.json = json;
  }

  @QueryMapping
  public AuditTrail auditTrail(
      @Argument String aggregateId, @Argument Integer after, @Argument Integer first) {
    String id = aggregateId(aggregateId);
    int size = first == null ? 50 : first;
    if (size < 1 || size > MAX_PAGE) {
      throw GovernanceException.invalid("first must be between 1 and " + MAX_PAGE);
    }
    if (after != null && after < 0) {
      throw GovernanceException.invalid("after must be a sequence number");
    }
    List<AuditEvent> events = new ArrayList<>();
    long characters = 0;
    boolean more = false;
    long next = after == null ? 0 : after + 1L;
    // read in small chunks, so a page never holds more than its budget and one chunk in memory
    reading:
    while (true) {
      List<GovernanceEvent> chunk = history.read(id, next, READ_CHUNK);
      for (GovernanceEvent event : chunk) {
        AuditEvent audited = audit(event);
        characters += size(audited);
        // a page ends at `first` events or at the budget, whichever comes first (never empty)
        if (events.size() == size || (!events.isEmpty() && characters > PAGE_BUDGET)) {
          more = true;
          break reading;
        }
        events.add(audited);
        next = event.sequence() + 1;
      }
      if (chunk.size() < READ_CHUNK) {
        break;
      }
    }
    if (events.isEmpty() && after == null) {
      throw QueryError.notFound("nothing has happened to " + id);
    }
    return new AuditTrail(id, events, more);
  }

  @QueryMapping
  public ProductState dataProductAsOf(@Argument String id, @Argument Instant at) {
    ProductState state = new ProductState(DataProductId.of(id).value(), at);
    state.replayedThrough(
        replay(
            state.id(),
            at,
            DataProductEvent.class,
            (event, stored) -> {
              state.apply(event, stored.time(), stored.actor());
              state.replayedTo(stored.sequence());
            }));
    return state.eventsReplayed() == 0 ? null : state;
  }

  /** A team as it was at a time (members and their roles), replayed from its events. */
  @QueryMapping
  public TeamState teamAsOf(@Argument String id, @Argument Instant at) {
    TeamState state = new TeamState(TeamId.of(id).value(), at);
    state.replayedThrough(
        replay(
            state.id(),
            at,
            io.meshgov.api.team.TeamEvent.class,
            (event, stored) -> state.apply(event, stored.time(), stored.sequence())));
    return state.eventsReplayed() == 0 ? null : state;
  }

  /** A subscription as it was at a time, replayed from its events. */
  @QueryMapping
  public SubscriptionState subscriptionAsOf(@Argument String id, @Argument Instant at) {
    SubscriptionState state = new SubscriptionState(SubscriptionId.of(id).value(), at);
    state.replayedThrough(
        replay(
            state.id(),
            at,
            io.meshgov.api.subscription.SubscriptionEvent.class,
            (event, stored) -> state.apply(event, stored.sequence())));
    return state.eventsReplayed() == 0 ? null : state;
  }

  /**
   * Hands the aggregate's events of {@code type} up to {@code at} to {@code step}, in order.
   *
   * @return the store position of the last event handed over, -1 if none was (or unknown)
   */
  private <E> long replay(
      String aggregateId,
      Instant at,
      Class<E> type,
      java.util.function.BiConsumer<E, GovernanceEvent> step) {
    Objects.requireNonNull(at, "at");
    // a page at a time, stopping at the first event after the time asked: never the whole stream
    long next = 0;
    long position = -1;
    while (true) {
      List<GovernanceEvent> page = history.read(aggregateId, next, REPLAY_PAGE);
      for (GovernanceEvent event : page) {
        if (event.time().isAfter(at)) {
          return position;
        }
        if (type.isInstance(event.payload())) {
          step.accept(type.cast(event.payload()), event);
          position = event.position();
        }
        next = event.sequence() + 1;
      }
      if (page.size() < REPLAY_PAGE) {
        return position;
      }
    }
  }

  /** Events read at a time by the as-of replays. */
  static final int REPLAY_PAGE = 500;

  private static long size(AuditEvent event) {
    return 200
        + event.payload().length()
        + length(event.reason())
        + length(event.actor())
        + length(event.correlationId())
        + length(event.causationId());
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  private AuditEvent audit(GovernanceEvent event) {
    Revision revision = event.payload().getClass().getAnnotation(Revision.class);
    try {
      return new AuditEvent(
          event.sequence(),
          event.payload().getClass().getSimpleName(),
          revision == null ? null : revision.value(),
          event.time(),
          event.actor(),
          event.reason(),
          event.correlationId(),
          event.causationId(),
          json.writeValueAsString(event.payload()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot show the payload of " + event.id(), e);
    }
  }

  /** The streams of what pipelines reported: a run by its id, a job or dataset event by digest. */
  private static final java.util.regex.Pattern LINEAGE_STREAM =
      java.util.regex.Pattern.compile(
          "olrun:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
              + "|(oljob|olds):[0-9a-f]{40}");

  /**
   * A product, team or subscription id, a domain's stream ({@code domain:<name>}), an export's
   * ({@code export:<id>}) or an OpenLineage observation's; anything else is invalid input.
   */
  private static String aggregateId(String id) {
    if (id != null && id.startsWith("domain:")) {
      return io.meshgov.api.command.DomainCommand.streamOf(
          io.meshgov.api.DomainName.of(id.substring("domain:".length())));
    }
    if (id != null
        && id.startsWith("export:")
        && io.meshgov.api.command.AuditCommand.EXPORT_ID
            .matcher(id.substring("export:".length()))
            .matches()) {
      return id;
    }
    if (id != null && LINEAGE_STREAM.matcher(id).matches()) {
      return id.toLowerCase(java.util.Locale.ROOT);
    }
    for (Function<String, Object> parser :
        List.<Function<String, Object>>of(DataProductId::of, TeamId::of, SubscriptionId::of)) {
      try {
        return parser.apply(id).toString();
      } catch (GovernanceException notThisKind) {
        // try the next kind of id
      }
    }
    throw GovernanceException.invalid(
        "'"
            + io.meshgov.api.Values.abbreviate(String.valueOf(id))
            + "' is not the id of a data product, a team, a subscription, a domain (domain:<name>)"
            + " or an export (export:<id>)");
  }
}
