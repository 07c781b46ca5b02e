package io.meshgov.api.wire;

import io.meshgov.api.GovernanceMetaData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;

/** Events as the event store holds them (Axon messages), turned into {@link GovernanceEvent}s. */
public final class StoredEvents {

  private StoredEvents() {}

  /** The event with its metadata; the position is -1 when the message was not read by position. */
  public static GovernanceEvent from(DomainEventMessage<?> event) {
    long position = position(event);
    MetaData metaData = event.getMetaData();
    return new GovernanceEvent(
        event.getIdentifier(),
        event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        position,
        event.getTimestamp(),
        event.getPayload(),
        text(metaData, GovernanceMetaData.ACTOR),
        text(metaData, GovernanceMetaData.REASON),
        text(metaData, GovernanceMetaData.CORRELATION_ID),
        text(metaData, GovernanceMetaData.CAUSATION_ID));
  }

  /** The event's position in the store; -1 when it was not read by position. */
  public static long position(DomainEventMessage<?> event) {
    return event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
        ? tracked.trackingToken().position().orElse(-1)
        : -1;
  }

  private static String text(MetaData metaData, String key) {
    Object value = metaData.get(key);
    return value == null ? null : value.toString();
  }

  /**
   * What stored metadata (a JSON object, as Axon's serializer writes it) says of who, why and in
   * which story: fields absent or not text are null; {@code unreadable} when it is not JSON.
   */
  public record StoredMetadata(
      String actor, String reason, String correlationId, String causationId, boolean unreadable) {
    static final StoredMetadata NONE = new StoredMetadata(null, null, null, null, false);
    static final StoredMetadata UNREADABLE = new StoredMetadata(null, null, null, null, true);

    /** As CloudEvents extensions (lower-case names, in this order), absent ones left out. */
    public java.util.Map<String, String> extensions() {
      java.util.Map<String, String> extensions = new java.util.LinkedHashMap<>();
      extensions.put("actor", actor);
      extensions.put("reason", reason);
      extensions.put("correlationid", correlationId);
      extensions.put("causationid", causationId);
      extensions.values().removeIf(java.util.Objects::isNull);
      return extensions;
    }
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  /**
   * Reads the four governance fields of stored metadata in one pass over its tokens, without
   * building it (other fields and nested values are skipped; of a repeated field the last counts).
   */
  public static StoredMetadata metadata(byte[] stored) {
    if (stored == null) {
      return StoredMetadata.NONE;
    }
    String actor = null;
    String reason = null;
    String correlationId = null;
    String causationId = null;
    try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(stored)) {
      if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return StoredMetadata.NONE; // JSON, but no object: no fields (as a tree read it)
      }
      com.fasterxml.jackson.core.JsonToken token;
      while ((token = parser.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
        if (value != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          parser.skipChildren();
          value = null;
        }
        String text = value == null ? null : parser.getText();
        switch (name) {
          case GovernanceMetaData.ACTOR -> actor = text;
          case GovernanceMetaData.REASON -> reason = text;
          case GovernanceMetaData.CORRELATION_ID -> correlationId = text;
          case GovernanceMetaData.CAUSATION_ID -> causationId = text;
          default -> {}
        }
      }
      if (token != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
        return StoredMetadata.UNREADABLE;
      }
    } catch (java.io.IOException e) {
      return StoredMetadata.UNREADABLE;
    }
    return new StoredMetadata(actor, reason, correlationId, causationId, false);
  }
}
