package io.meshgov.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.DataProductId;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.query.graphql.QueryError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Revision;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The auditor's questions, answered from the event store itself, not from a projection: what
 * happened to an aggregate, by whom, when and why; and what a product looked like at a time.
 */
@Controller
public class AuditController {

  private static final int MAX_PAGE = 500;

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

  private final ObjectProvider<EventStore> stores;
  private final ObjectMapper json;

  public AuditController(ObjectProvider<EventStore> stores, ObjectMapper json) {
    this.stores = stores;
    this.json = json;
  }

  private EventStore store() {
    EventStore store = stores.getIfAvailable();
    if (store == null) {
      throw new QueryError("UNAVAILABLE", "the event store is not reachable from this service");
    }
    return store;
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
    DomainEventStream stream = store().readEvents(id, after == null ? 0 : after + 1L);
    while (stream.hasNext() && events.size() <= size) {
      events.add(audit(stream.next()));
    }
    if (events.isEmpty() && after == null) {
      throw QueryError.notFound("nothing has happened to " + id);
    }
    boolean more = events.size() > size;
    return new AuditTrail(id, more ? events.subList(0, size) : events, more);
  }

  @QueryMapping
  public ProductState dataProductAsOf(@Argument String id, @Argument Instant at) {
    String product = DataProductId.of(id).value();
    Objects.requireNonNull(at, "at");
    ProductState state = new ProductState(product, at);
    DomainEventStream stream = store().readEvents(product);
    while (stream.hasNext()) {
      DomainEventMessage<?> event = stream.next();
      if (event.getTimestamp().isAfter(at)) {
        break;
      }
      if (event.getPayload() instanceof DataProductEvent productEvent) {
        state.apply(productEvent);
      }
    }
    return state.eventsReplayed() == 0 ? null : state;
  }

  private AuditEvent audit(DomainEventMessage<?> event) {
    Function<String, String> meta =
        key ->
            event.getMetaData().get(key) == null ? null : event.getMetaData().get(key).toString();
    Revision revision = event.getPayloadType().getAnnotation(Revision.class);
    try {
      return new AuditEvent(
          event.getSequenceNumber(),
          event.getPayloadType().getSimpleName(),
          revision == null ? null : revision.value(),
          event.getTimestamp(),
          meta.apply(GovernanceMetaData.ACTOR),
          meta.apply(GovernanceMetaData.REASON),
          meta.apply(GovernanceMetaData.CORRELATION_ID),
          meta.apply(GovernanceMetaData.CAUSATION_ID),
          json.writeValueAsString(event.getPayload()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot show the payload of " + event.getIdentifier(), e);
    }
  }

  /** A product, team or subscription id; anything else is invalid input. */
  private static String aggregateId(String id) {
    for (Function<String, Object> parser :
        List.<Function<String, Object>>of(DataProductId::of, TeamId::of, SubscriptionId::of)) {
      try {
        return parser.apply(id).toString();
      } catch (GovernanceException notThisKind) {
        // try the next kind of id
      }
    }
    throw GovernanceException.invalid(
        "'" + id + "' is not the id of a data product, a team or a subscription");
  }
}
