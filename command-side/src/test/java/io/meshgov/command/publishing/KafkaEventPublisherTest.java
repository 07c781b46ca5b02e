package io.meshgov.command.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.SchemaField;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * What the publisher puts on the topic for an event read from the store: the stored JSON as it is
 * for an event at its current revision, the same event a consumer reads as when it was read and
 * written anew; an older revision read and written anew. No broker: the records themselves.
 */
class KafkaEventPublisherTest {

  // the store's serializer as the application configures it (Spring Boot's mapper: dates as text)
  private final JacksonSerializer store =
      JacksonSerializer.builder()
          .objectMapper(
              JsonMapper.builder()
                  .addModule(new JavaTimeModule())
                  .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                  .build())
          .build();
  private final GovernanceCloudEvents wire =
      new GovernanceCloudEvents(URI.create("/meshgov/command-side"));
  private final KafkaEventPublisher publisher =
      new KafkaEventPublisher(null, wire, null, 1_000, store);

  private static final MetaData METADATA =
      MetaData.from(
          Map.of(
              "actor", "alice",
              "reason", "quarterly clean-up",
              "correlationId", "corr-1",
              "causationId", "cause-1",
              "roles", List.of("steward")));

  private LazyDeserializingObject<?> lastPayload;

  /** The event as the store's reader hands it over: payload and metadata still serialized. */
  private DomainEventMessage<?> asStored(
      Object payload, String revision, String aggregateId, long sequence, long position) {
    return asStored(
        payload.getClass(),
        store.serialize(payload, byte[].class).getData(),
        store.serialize(METADATA, byte[].class).getData(),
        revision,
        aggregateId,
        sequence,
        position);
  }

  private DomainEventMessage<?> asStored(
      Class<?> type,
      byte[] json,
      byte[] metadata,
      String revision,
      String aggregateId,
      long sequence,
      long position) {
    SerializedObject<byte[]> storedPayload =
        new SimpleSerializedObject<>(
            json, byte[].class, new SimpleSerializedType(type.getName(), revision));
    SerializedObject<byte[]> storedMetaData =
        new SimpleSerializedObject<>(
            metadata, byte[].class, new SimpleSerializedType(MetaData.class.getName(), null));
    lastPayload = new LazyDeserializingObject<>(storedPayload, store);
    SerializedMessage<?> message =
        new SerializedMessage<>(
            "event-" + position, lastPayload, new LazyDeserializingObject<>(storedMetaData, store));
    Instant time = Instant.parse("2026-11-28T10:15:30.123Z");
    return new GenericTrackedDomainEventMessage<>(
        new GlobalSequenceTrackingToken(position),
        new GenericDomainEventMessage<>("Team", aggregateId, sequence, message, () -> time));
  }

  @Test
  void an_event_at_its_current_revision_goes_out_as_stored_and_reads_as_the_same_event() {
    List<Object> payloads =
        List.of(
            new TeamRegisteredEvent(TeamId.of("payments"), "Payments", DomainName.of("finance")),
            new SchemaVersionPublishedEvent(
                DataProductId.of("payments.ledger"),
                3,
                "{\"type\":\"record\",\"name\":\"Ledger\",\"fields\":[]}",
                List.of(new SchemaField("amount", "long", false)),
                CompatibilityMode.BACKWARD,
                List.of("amount")));
    long position = 41;
    for (Object payload : payloads) {
      DomainEventMessage<?> stored = asStored(payload, "1", "payments", 7, position++);
      CloudEvent out = publisher.cloudEvent(stored);

      // the data is the stored JSON byte for byte: nothing was read and written again
      assertThat(out.getData().toBytes())
          .isEqualTo(stored.serializePayload(store, byte[].class).getData());
      // a consumer reads the event it would have read from the event read and written anew
      GovernanceEvent expected = StoredEvents.from(stored);
      assertThat(wire.read(wire.write(out))).isEqualTo(expected);
      assertThat(out.getType()).isEqualTo(GovernanceCloudEvents.typeOf(payload.getClass()));
      assertThat(out.getSubject()).isEqualTo("payments");
      assertThat(out.getExtension("actor")).isEqualTo("alice");
      assertThat(out.getExtension("reason")).isEqualTo("quarterly clean-up");
      assertThat(out.getExtension("correlationid")).isEqualTo("corr-1");
      assertThat(out.getExtension("causationid")).isEqualTo("cause-1");
      assertThat(out.getExtension("sequence")).isEqualTo(7);
      assertThat(out.getExtension("position")).isEqualTo(Long.toString(position - 1));
    }
  }

  @Test
  void the_stored_json_goes_out_as_it_is_without_the_payload_being_read() throws Exception {
    // fields in another order and spaces the mapper would not write: only bytes passed through
    // come out like this
    byte[] json =
        "{ \"domain\" : \"finance\", \"name\" : \"Payments\", \"teamId\" : \"payments\" }"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] metadata =
        "{\"correlationId\":\"corr-1\",\"actor\":\"alice\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    DomainEventMessage<?> stored =
        asStored(TeamRegisteredEvent.class, json, metadata, "1", "payments", 0, 9);

    // through Axon's handler adapter, as the processor calls it; rolled back, so nothing is sent
    var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(stored);
    new org.axonframework.eventhandling.AnnotationEventHandlerAdapter(publisher).handle(stored);
    // the handler ran: its batch holds the event's record
    assertThat((List<?>) unitOfWork.getResource(KafkaEventPublisher.class.getName() + ".batch"))
        .hasSize(1);
    unitOfWork.rollback();
    assertThat(lastPayload.isDeserialized()).isFalse();

    CloudEvent out = publisher.cloudEvent(stored);
    assertThat(out.getData().toBytes()).isEqualTo(json);
    assertThat(lastPayload.isDeserialized()).isFalse();
    // the whole record reads as the record written anew from the event read
    var tree = new com.fasterxml.jackson.databind.ObjectMapper();
    var passed = tree.readTree(wire.write(out));
    var anew = tree.readTree(wire.write(StoredEvents.from(stored)));
    assertThat(passed).isEqualTo(anew);
  }

  @Test
  void stored_metadata_that_is_not_json_stops_the_publisher_rather_than_send_it_without_who() {
    Object payload =
        new TeamRegisteredEvent(TeamId.of("payments"), "Payments", DomainName.of("finance"));
    DomainEventMessage<?> unreadable =
        asStored(
            TeamRegisteredEvent.class,
            store.serialize(payload, byte[].class).getData(),
            "{\"actor\":".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "1",
            "payments",
            0,
            3);
    // left to Axon's reading, which fails as it did before: the batch is tried again, not sent
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> publisher.cloudEvent(unreadable))
        .isInstanceOf(org.axonframework.serialization.SerializationException.class);
  }

  @Test
  void with_a_store_that_does_not_write_json_the_event_is_read_and_written_anew() {
    Object payload =
        new TeamRegisteredEvent(TeamId.of("payments"), "Payments", DomainName.of("finance"));
    KafkaEventPublisher withXml =
        new KafkaEventPublisher(
            null,
            wire,
            null,
            1_000,
            org.axonframework.serialization.xml.XStreamSerializer.builder()
                .xStream(new com.thoughtworks.xstream.XStream())
                .build());
    // the outcome only: the metadata such a store hands over would not read as JSON either
    CloudEvent out = withXml.cloudEvent(asStored(payload, "1", "payments", 0, 4));
    assertThat(wire.fromCloudEvent(out).payload()).isEqualTo(payload);
    assertThat(out.getExtension("actor")).isEqualTo("alice");
  }

  @Test
  void an_event_stored_at_another_revision_is_read_and_written_as_the_current_type() {
    Object payload =
        new TeamRegisteredEvent(TeamId.of("payments"), "Payments", DomainName.of("finance"));
    CloudEvent out = publisher.cloudEvent(asStored(payload, "0", "payments", 0, 5));
    // not the stored type ".v0", which no consumer of this version knows
    assertThat(out.getType()).isEqualTo("io.meshgov.TeamRegisteredEvent.v1");
    assertThat(wire.fromCloudEvent(out).payload()).isEqualTo(payload);
    assertThat(out.getExtension("actor")).isEqualTo("alice");
  }
}
