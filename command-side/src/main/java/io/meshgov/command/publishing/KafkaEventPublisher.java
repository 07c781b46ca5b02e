package io.meshgov.command.publishing;

import io.cloudevents.CloudEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
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
  private final AtomicLong published = new AtomicLong();

  KafkaEventPublisher(
      Producer<String, CloudEvent> producer,
      GovernanceCloudEvents wire,
      GovernanceTopics topics,
      long ackTimeoutMillis) {
    this.producer = producer;
    this.wire = wire;
    this.topics = topics;
    this.ackTimeoutMillis = ackTimeoutMillis;
  }

  @EventHandler
  void on(Object payload, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    UnitOfWorkBatch.add(unitOfWork, BATCH, StoredEvents.from(event), this::send);
  }

  private void send(List<GovernanceEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    topics.ensureExists();
    List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
    for (GovernanceEvent event : events) {
      acks.add(
          producer.send(
              new ProducerRecord<>(
                  topics.events(), event.aggregateId(), wire.toCloudEvent(event))));
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
