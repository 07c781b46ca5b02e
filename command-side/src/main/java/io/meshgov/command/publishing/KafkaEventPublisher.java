package io.meshgov.command.publishing;

import io.cloudevents.CloudEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.plumbing.UnitOfWorkBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Sends every event of the store to the governance topic. The store is the outbox: this handler
 * runs in a tracking processor whose position is kept in the store's token table, and the events of
 * one processor batch are sent and acknowledged by the broker (all replicas) before the processor
 * stores its new position. A crash or a broker outage between the store's commit and the broker's
 * acknowledgement therefore repeats the batch later instead of losing it; consumers drop the
 * repeats by aggregate sequence. One processor thread and the aggregate id as key keep every
 * aggregate's events in order on one partition.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher {

  public static final String PROCESSING_GROUP = "kafka-publisher";
  private static final String BATCH = KafkaEventPublisher.class.getName() + ".batch";

  private final Producer<String, CloudEvent> producer;
  private final GovernanceCloudEvents wire;
  private final GovernanceTopics topics;
  private final long ackTimeoutMillis;
  private final Serializer storeSerializer;
  // the stored form is JSON only when the store writes with Jackson (the default; a deployment may
  // choose another serializer for events, whose form is then read and written anew)
  private final boolean storedAsJson;
  private final AtomicLong published = new AtomicLong();

  /**
   * @param storeSerializer the serializer the event store writes payloads and metadata with: an
   *     event read from the store hands them over as stored, without reading them
   */
  KafkaEventPublisher(
      Producer<String, CloudEvent> producer,
      GovernanceCloudEvents wire,
      GovernanceTopics topics,
      long ackTimeoutMillis,
      Serializer storeSerializer) {
    this.producer = producer;
    this.wire = wire;
    this.topics = topics;
    this.ackTimeoutMillis = ackTimeoutMillis;
    this.storeSerializer = storeSerializer;
    this.storedAsJson = storeSerializer instanceof JacksonSerializer;
  }

  /**
   * The serializer it asks for an event's stored form with. Axon hands the stored form over unread
   * only to the serializer the store read the event with; to any other it serializes the payload
   * anew, and the publisher would read and write every event.
   */
  public Serializer storeSerializer() {
    return storeSerializer;
  }

  // payloadType on the annotation: the payload is not a parameter, so Axon does not read it
  @EventHandler(payloadType = Object.class)
  void on(EventMessage<?> message, UnitOfWork<?> unitOfWork) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    UnitOfWorkBatch.add(unitOfWork, BATCH, cloudEvent(event), this::send);
  }

  /**
   * The event's CloudEvent. An event of the contract at its current revision goes out as the store
   * hands it over: its data is the stored JSON (or, for an event an upcaster brought to the current
   * revision, the upcaster's JSON) and its extensions come from the stored metadata, neither read
   * into objects and written again. Anything else (a revision no upcaster brings to the current
   * one, a store that does not write JSON) is read and written anew. Stored metadata that is not
   * JSON is left to Axon's reading too, which fails on it as before: the publisher stops on such an
   * event rather than send it without who and why.
   */
  CloudEvent cloudEvent(DomainEventMessage<?> event) {
    if (!storedAsJson) {
      return wire.toCloudEvent(StoredEvents.from(event));
    }
    SerializedObject<byte[]> payload = event.serializePayload(storeSerializer, byte[].class);
    var type =
        GovernanceCloudEvents.currentType(
            payload.getType().getName(), payload.getType().getRevision());
    if (type.isEmpty()) {
      return wire.toCloudEvent(StoredEvents.from(event));
    }
    StoredEvents.StoredMetadata metadata =
        StoredEvents.metadata(event.serializeMetaData(storeSerializer, byte[].class).getData());
    if (metadata.unreadable()) {
      return wire.toCloudEvent(StoredEvents.from(event));
    }
    return wire.toCloudEvent(
        event.getIdentifier(),
        event.getAggregateIdentifier(),
        event.getSequenceNumber(),
        StoredEvents.position(event),
        event.getTimestamp(),
        payload.getType().getName(),
        payload.getType().getRevision(),
        payload.getData(),
        metadata.extensions());
  }

  private void send(List<CloudEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    topics.ensureExists();
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (CloudEvent event : events) {
      // the subject is the aggregate: its events stay in order on one partition
      acks.add(producer.send(new ProducerRecord<>(topics.events(), event.getSubject(), event)));
    }
    producer.flush();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException e) {
      throw new PublishingException("the broker refused a governance event", e.getCause());
    } catch (TimeoutException e) {
      throw new PublishingException(
          "no acknowledgement from the broker within " + ackTimeoutMillis + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishingException("interrupted while waiting for the broker", e);
    }
    published.addAndGet(events.size());
  }

  /** Events acknowledged by the broker since this process started. */
  public long published() {
    return published.get();
  }

  /** The broker did not take a batch; the processor keeps its position and tries again. */
  static class PublishingException extends RuntimeException {
    PublishingException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
