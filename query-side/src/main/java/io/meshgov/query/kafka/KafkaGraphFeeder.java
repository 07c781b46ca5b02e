package io.meshgov.query.kafka;

import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.WireFormatException;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.ProjectionGapException;
import io.meshgov.query.graph.AppliedTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds the lineage graph from the governance topic in the query service. One thread polls the
 * topic as a member of the consumer group, applies each poll's events to Neo4j in one transaction
 * and only then commits the offsets: a crash in between delivers the events again, and the
 * projector's per-aggregate sequence check drops what it has already applied.
 *
 * <p>A record that cannot be read (not JSON, not a CloudEvent, an unknown type, invalid data) goes
 * to the dead-letter topic with the reason in its headers, and the stream goes on. So does an event
 * that would leave a gap in its aggregate (an earlier event of it was dead-lettered or is missing
 * from the topic): applying it would silently skip the earlier one. When Neo4j fails, the poll is
 * read again from its first offsets after a pause, so nothing is skipped.
 */
public class KafkaGraphFeeder implements SmartLifecycle {

  public static final String REASON_HEADER = "meshgov-dlq-reason";
  private static final Logger log = LoggerFactory.getLogger(KafkaGraphFeeder.class);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Producer<String, byte[]> deadLetters;
  private final GraphProjector projector;
  private final GovernanceCloudEvents wire;
  private final String topic;
  private final String deadLetterTopic;
  private final boolean rebuild;

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong recordsBehind = new AtomicLong();
  private final AppliedTime appliedTime = new AppliedTime();
  private volatile Consumer<String, byte[]> consumer;
  private volatile Thread thread;
  private volatile boolean running;
  private volatile boolean rebuildPending;
  private long lastLagCheck;

  KafkaGraphFeeder(
      Supplier<Consumer<String, byte[]>> consumers,
      Producer<String, byte[]> deadLetters,
      GraphProjector projector,
      GovernanceCloudEvents wire,
      String topic,
      String deadLetterTopic,
      boolean rebuild) {
    this.consumers = consumers;
    this.deadLetters = deadLetters;
    this.projector = projector;
    this.wire = wire;
    this.topic = topic;
    this.deadLetterTopic = deadLetterTopic;
    this.rebuild = rebuild;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    rebuildPending = rebuild;
    thread = new Thread(this::run, "meshgov-kafka-graph-feeder");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void stop() {
    running = false;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    Thread worker = thread;
    if (worker != null) {
      try {
        worker.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * Events this process applied to the graph (repeats not counted, except observed lineage, which a
   * repeat leaves unchanged and which counts at every delivery).
   */
  public long applied() {
    return applied.get();
  }

  /** Records this process sent to the dead-letter topic. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Records on the assigned partitions not yet applied, as of the last poll. */
  public long recordsBehind() {
    return recordsBehind.get();
  }

  /** How far the graph is behind in time: age of the last applied event while records wait. */
  public double secondsBehind() {
    return appliedTime.secondsBehind(recordsBehind.get() > 0);
  }

  private void run() {
    long pause = 500;
    while (running) {
      try (Consumer<String, byte[]> current = consumers.get()) {
        consumer = current;
        current.subscribe(List.of(topic), new RebuildOnAssignment(current));
        pause = 500;
        while (running) {
          ConsumerRecords<String, byte[]> records = current.poll(Duration.ofMillis(200));
          if (!records.isEmpty()) {
            handle(current, records);
          }
          measureLag(current);
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        if (running) {
          log.warn("reading {} failed, starting again in {} ms: {}", topic, pause, e.toString());
          sleep(pause);
          pause = Math.min(10_000, pause * 2);
        }
      } finally {
        consumer = null;
      }
    }
  }

  private void handle(Consumer<String, byte[]> current, ConsumerRecords<String, byte[]> records) {
    List<GovernanceEvent> events = new ArrayList<>(records.count());
    // by identity: the record an event came from, without hashing every payload
    Map<GovernanceEvent, ConsumerRecord<String, byte[]>> sources = new IdentityHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        GovernanceEvent event = toGraphEvent(record);
        events.add(event);
        sources.put(event, record);
      } catch (WireFormatException e) {
        deadLetter(record, e.getMessage());
      }
    }
    applyParkingGaps(events, sources);
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      next.put(
          partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    current.commitSync(next);
  }

  /** Applies the events; an event that would leave a gap goes to the dead letters instead. */
  private void applyParkingGaps(
      List<GovernanceEvent> events, Map<GovernanceEvent, ConsumerRecord<String, byte[]>> sources) {
    List<GovernanceEvent> pending = new ArrayList<>(events);
    while (true) {
      try {
        GraphProjector.BatchResult result = projector.apply(pending);
        applied.addAndGet(result.applied());
        appliedTime.applied(pending);
        return;
      } catch (ProjectionGapException gap) {
        for (Iterator<GovernanceEvent> it = pending.iterator(); it.hasNext(); ) {
          GovernanceEvent event = it.next();
          if (event.aggregateId().equals(gap.aggregateId()) && event.sequence() >= gap.received()) {
            it.remove();
            deadLetter(sources.get(event), gap.getMessage());
          }
        }
      }
    }
  }

  private GovernanceEvent toGraphEvent(ConsumerRecord<String, byte[]> record) {
    GovernanceEvent event = wire.read(record.value());
    if (record.key() != null && !record.key().equals(event.aggregateId())) {
      throw new WireFormatException(
          "key " + record.key() + " does not match the subject " + event.aggregateId());
    }
    return event;
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    ProducerRecord<String, byte[]> letter =
        new ProducerRecord<>(deadLetterTopic, record.key(), record.value());
    for (Header header : record.headers()) {
      letter.headers().add(header);
    }
    letter.headers().add(REASON_HEADER, bytes(reason));
    letter.headers().add("meshgov-dlq-source", bytes(record.topic()));
    letter.headers().add("meshgov-dlq-partition", bytes(Integer.toString(record.partition())));
    letter.headers().add("meshgov-dlq-offset", bytes(Long.toString(record.offset())));
    try {
      deadLetters.send(letter).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // nothing is committed: the whole poll comes again
      throw new IllegalStateException(
          "cannot write to the dead-letter topic " + deadLetterTopic, e);
    }
    deadLettered.incrementAndGet();
    log.warn(
        "dead-lettered {}-{}@{} (key {}): {}",
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        reason);
  }

  private void measureLag(Consumer<String, byte[]> current) {
    var assignment = current.assignment();
    long now = System.nanoTime();
    if (assignment.isEmpty() || now - lastLagCheck < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    lastLagCheck = now;
    try {
      long behind = 0;
      for (var entry : current.endOffsets(assignment, Duration.ofSeconds(1)).entrySet()) {
        behind += Math.max(0, entry.getValue() - current.position(entry.getKey()));
      }
      recordsBehind.set(behind);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      // the broker is away: keep the last figure, the poll loop goes on and reconnects
    }
  }

  private static byte[] bytes(String text) {
    return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** With {@code meshgov.graph.rebuild=true}: drop the graph and read the topic from the start. */
  private final class RebuildOnAssignment implements ConsumerRebalanceListener {
    private final Consumer<String, byte[]> current;

    RebuildOnAssignment(Consumer<String, byte[]> current) {
      this.current = current;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (rebuildPending && !partitions.isEmpty()) {
        log.info("rebuilding the lineage graph from {}", topic);
        projector.dropAll();
        current.seekToBeginning(partitions);
        rebuildPending = false;
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }
}
