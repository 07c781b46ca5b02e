package io.meshgov.server.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.api.command.LineageCommand;
import io.meshgov.query.openlineage.OpenLineageReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * OpenLineage's Kafka transport, read where the store is (the command service, or the embedded
 * default when configured): one thread polls the topic as a member of its consumer group, records
 * each event as the HTTP endpoint would, and commits the offsets only after the poll is recorded,
 * so a crash delivers events again (and a redelivery changes nothing). Kafka carries no user token:
 * events are attributed to the configured reporter, and the topic's ACLs are its access control. A
 * record that is not an event meshgov takes (not JSON, a violation, a refused command) goes to the
 * dead-letter topic with the reason in a header, and the stream goes on; when the store fails, the
 * poll is read again from its first offsets after a pause, so nothing is skipped.
 */
class OpenLineageTopicIngest implements SmartLifecycle {

  static final String REASON_HEADER = "meshgov-dlq-reason";
  private static final Logger log = LoggerFactory.getLogger(OpenLineageTopicIngest.class);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Producer<String, byte[]> deadLetters;
  private final GovernanceGateway gateway;
  private final String topic;
  private final String deadLetterTopic;
  private final String reporter;
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private volatile Consumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;

  OpenLineageTopicIngest(
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> deadLetters,
      GovernanceGateway gateway,
      String topic,
      String deadLetterTopic,
      String reporter) {
    this.consumers = consumers;
    this.deadLetters = deadLetters;
    this.gateway = gateway;
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.reporter = reporter;
  }

  long recorded() {
    return recorded.get();
  }

  long deadLettered() {
    return deadLettered.get();
  }

  @Override
  public void start() {
    running = true;
    consumer = consumers.get();
    consumer.subscribe(java.util.List.of(topic));
    thread = new Thread(this::run, "openlineage-topic");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          continue;
        }
        try {
          for (ConsumerRecord<String, byte[]> record : records) {
            record(record);
          }
          consumer.commitSync();
        } catch (RuntimeException storeFailed) {
          // the store could not take it: read the poll again from its first offsets, later
          log.warn("recording OpenLineage events failed, retrying: {}", storeFailed.toString());
          records.partitions().forEach(p -> consumer.seek(p, records.records(p).get(0).offset()));
          sleep();
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the poll
    } finally {
      consumer.close();
    }
  }

  private void record(ConsumerRecord<String, byte[]> record) {
    LineageCommand command;
    try {
      if (record.value() == null || record.value().length > OpenLineageReader.MAX_EVENT_BYTES) {
        deadLetter(record, "empty, or larger than " + OpenLineageReader.MAX_EVENT_BYTES + " bytes");
        return;
      }
      String text = new String(record.value(), StandardCharsets.UTF_8);
      JsonNode event = json.readTree(text);
      command = OpenLineageReader.read(event, text);
    } catch (IOException notJson) {
      deadLetter(record, "not JSON");
      return;
    } catch (OpenLineageReader.Refused refused) {
      deadLetter(record, String.join("; ", refused.violations()));
      return;
    }
    try {
      gateway.send(command, new Origin(reporter, null, UUID.randomUUID().toString(), null));
      recorded.incrementAndGet();
    } catch (GovernanceException refused) {
      deadLetter(record, refused.code() + ": " + refused.getMessage());
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    ProducerRecord<String, byte[]> dead =
        new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
    String bounded = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    dead.headers().add(REASON_HEADER, bounded.getBytes(StandardCharsets.UTF_8));
    try {
      deadLetters.send(dead).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while dead-lettering", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the dead-letter topic cannot be written", e);
    }
    deadLettered.incrementAndGet();
    log.info(
        "an OpenLineage record at {}-{}@{} was dead-lettered: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        bounded);
  }

  private void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void stop() {
    running = false;
    Consumer<String, byte[]> polling = consumer;
    if (polling != null) {
      polling.wakeup();
    }
    Thread reader = thread;
    if (reader != null) {
      try {
        reader.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
