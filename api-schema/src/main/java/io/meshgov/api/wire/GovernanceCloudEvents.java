package io.meshgov.api.wire;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.meshgov.api.domain.DomainEvent;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.team.TeamEvent;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;

/**
 * The wire format of governance events: <a href="https://cloudevents.io">CloudEvents</a> 1.0 in
 * structured JSON mode, built and read with the CloudEvents SDK.
 *
 * <ul>
 *   <li>{@code id}: the event's id; {@code source}: the publishing service; {@code subject}: the
 *       aggregate id (also the Kafka key); {@code time}: when it happened.
 *   <li>{@code type}: {@code io.meshgov.<EventName>.v<revision>}, for example {@code
 *       io.meshgov.DataProductRegisteredEvent.v1}: a new revision of an event is a new type.
 *   <li>{@code data}: the event record as JSON ({@code datacontenttype application/json}).
 *   <li>extensions: {@code actor}, {@code sequence} (number in the aggregate's stream), {@code
 *       position} (global position in the store, a decimal string: it may exceed 32 bits), and
 *       where present {@code reason}, {@code correlationid}, {@code causationid}.
 * </ul>
 *
 * Reading refuses anything else with a {@link WireFormatException} naming the reason.
 */
public final class GovernanceCloudEvents {

  public static final String TYPE_PREFIX = "io.meshgov.";
  public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;

  private static final Map<String, Class<?>> EVENTS_BY_TYPE = eventsByType();

  private final URI source;
  private final ObjectMapper json;
  private final JsonFormat format = new JsonFormat();

  /**
   * @param source the publishing service, for example {@code /meshgov/command-side}
   */
  public GovernanceCloudEvents(URI source) {
    this.source = source;
    this.json =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a newer producer may add optional fields: read what this version knows
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /** Every event type of the contract, by its CloudEvents type. */
  public static Map<String, Class<?>> eventTypes() {
    return EVENTS_BY_TYPE;
  }

  /** The CloudEvents type of an event class of the contract. */
  public static String typeOf(Class<?> eventClass) {
    Revision revision = eventClass.getAnnotation(Revision.class);
    if (revision == null || !EVENTS_BY_TYPE.containsValue(eventClass)) {
      throw new IllegalArgumentException("not a versioned event of the contract: " + eventClass);
    }
    return TYPE_PREFIX + eventClass.getSimpleName() + ".v" + revision.value();
  }

  public CloudEvent toCloudEvent(GovernanceEvent event) {
    byte[] data;
    try {
      data = json.writeValueAsBytes(event.payload());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + event.payload().getClass(), e);
    }
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(source)
            .withType(typeOf(event.payload().getClass()))
            .withSubject(event.aggregateId())
            .withTime(event.time().atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(data)
            .withExtension("sequence", Math.toIntExact(event.sequence()))
            .withExtension("position", Long.toString(event.position()));
    if (event.actor() != null) {
      builder.withExtension("actor", event.actor());
    }
    if (event.reason() != null) {
      builder.withExtension("reason", event.reason());
    }
    if (event.correlationId() != null) {
      builder.withExtension("correlationid", event.correlationId());
    }
    if (event.causationId() != null) {
      builder.withExtension("causationid", event.causationId());
    }
    return builder.build();
  }

  /**
   * The CloudEvents type of a stored payload type and revision when it names an event of the
   * contract at its current revision (its stored JSON is then the event's data as this version
   * writes it); empty for anything else.
   */
  public static java.util.Optional<String> currentType(String payloadType, String revision) {
    String type = typeName(payloadType, revision);
    Class<?> current = EVENTS_BY_TYPE.get(type);
    return current != null && current.getName().equals(payloadType)
        ? java.util.Optional.of(type)
        : java.util.Optional.empty();
  }

  private static String typeName(String payloadType, String revision) {
    String simple =
        payloadType.substring(
            Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
    return TYPE_PREFIX + simple + ".v" + (revision == null ? "0" : revision);
  }

  /**
   * The CloudEvent of an event as stored, without reading its payload: {@code data} is the stored
   * JSON byte for byte, the type named by the stored payload type and revision; {@code extensions}
   * are lower-case CloudEvents attributes (actor, reason, ...), null values left out.
   */
  public CloudEvent toCloudEvent(
      String id,
      String aggregateId,
      long sequence,
      long position,
      java.time.Instant time,
      String payloadType,
      String revision,
      byte[] data,
      Map<String, String> extensions) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(source)
            .withType(typeName(payloadType, revision))
            .withSubject(aggregateId)
            .withTime(time.atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(data)
            .withExtension("sequence", Math.toIntExact(sequence))
            .withExtension("position", Long.toString(position));
    extensions.forEach(
        (name, value) -> {
          if (value != null) {
            builder.withExtension(name, value);
          }
        });
    return builder.build();
  }

  /** The structured-mode JSON of one event (the Kafka record's value). */
  public byte[] write(GovernanceEvent event) {
    return write(toCloudEvent(event));
  }

  /** The structured-mode JSON of a CloudEvent. */
  public byte[] write(CloudEvent event) {
    return format.serialize(event);
  }

  /** Reads structured-mode JSON. */
  public GovernanceEvent read(byte[] message) {
    if (message == null || message.length == 0) {
      throw new WireFormatException("empty message");
    }
    CloudEvent cloudEvent;
    try {
      cloudEvent = format.deserialize(message);
    } catch (RuntimeException e) {
      throw new WireFormatException("not a CloudEvent in JSON: " + firstLine(e), e);
    }
    return fromCloudEvent(cloudEvent);
  }

  public GovernanceEvent fromCloudEvent(CloudEvent event) {
    Class<?> payloadType = EVENTS_BY_TYPE.get(event.getType());
    if (payloadType == null) {
      throw new WireFormatException("unknown event type " + event.getType());
    }
    if (event.getSubject() == null || event.getTime() == null) {
      throw new WireFormatException(event.getType() + " " + event.getId() + " has no subject/time");
    }
    CloudEventData data = event.getData();
    if (data == null) {
      throw new WireFormatException(event.getType() + " " + event.getId() + " has no data");
    }
    Object payload;
    try {
      payload = json.readValue(data.toBytes(), payloadType);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(
          "the data of " + event.getType() + " " + event.getId() + " is not valid: " + firstLine(e),
          e);
    }
    return new GovernanceEvent(
        event.getId(),
        event.getSubject(),
        number(event, "sequence"),
        number(event, "position"),
        event.getTime().toInstant(),
        payload,
        text(event, "actor"),
        text(event, "reason"),
        text(event, "correlationid"),
        text(event, "causationid"));
  }

  private static long number(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new WireFormatException(
        event.getType() + " " + event.getId() + " has no valid extension " + name);
  }

  private static String text(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? null : value.toString();
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static Map<String, Class<?>> eventsByType() {
    Map<String, Class<?>> byType = new LinkedHashMap<>();
    Stream.of(
            DomainEvent.class,
            TeamEvent.class,
            DataProductEvent.class,
            SubscriptionEvent.class,
            io.meshgov.api.audit.AuditEvent.class,
            io.meshgov.api.lineage.LineageEvent.class)
        .flatMap(family -> Stream.of(family.getPermittedSubclasses()))
        .forEach(
            type -> {
              Revision revision = type.getAnnotation(Revision.class);
              String revisionValue = revision == null ? "0" : revision.value();
              byType.put(TYPE_PREFIX + type.getSimpleName() + ".v" + revisionValue, type);
            });
    return Collections.unmodifiableMap(byType);
  }
}
