package io.meshgov.query.kafka;

import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.plumbing.KafkaSettings;
import io.meshgov.plumbing.KafkaTopics;
import io.meshgov.query.graph.GraphSettings;
import io.meshgov.query.graph.QuerySideAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The query service's feed ({@code meshgov.graph.feed=kafka}, set by the {@code query} profile):
 * the governance topic read by a consumer group into the lineage graph, the dead-letter topic, and
 * the lag metrics.
 */
@AutoConfiguration(after = QuerySideAutoConfiguration.class)
@ConditionalOnProperty(name = "meshgov.graph.feed", havingValue = "kafka")
@EnableConfigurationProperties({KafkaSettings.class, GraphSettings.class})
public class KafkaFeedAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KafkaFeedAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  Producer<String, byte[]> deadLetterProducer(KafkaSettings kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.brokers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            10_000,
            ProducerConfig.CLIENT_ID_CONFIG,
            "meshgov-dead-letters",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class));
  }

  @Bean
  KafkaGraphFeeder kafkaGraphFeeder(
      Producer<String, byte[]> deadLetters,
      GraphProjector projector,
      KafkaSettings kafka,
      GraphSettings graph) {
    String bootstrapServers = kafka.brokers();
    String topic = kafka.topic();
    String deadLetterTopic = kafka.deadLetterTopic();
    // both made up front: a consumer subscribed to a topic that does not exist yet may wait
    // minutes for its next metadata refresh before it gets the topic's partitions
    ensureTopic(bootstrapServers, topic, kafka.partitions());
    ensureTopic(bootstrapServers, deadLetterTopic, 1);
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            kafka.consumerGroup(),
            ConsumerConfig.CLIENT_ID_CONFIG,
            "meshgov-graph-feeder",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            kafka.maxPollRecords(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class);
    return new KafkaGraphFeeder(
        () -> new KafkaConsumer<>(config),
        deadLetters,
        projector,
        new GovernanceCloudEvents(URI.create("/meshgov/query-side")),
        topic,
        deadLetterTopic,
        graph.rebuild());
  }

  /**
   * {@code meshgov.consumer.lag.records} (records on the topic not yet applied), {@code
   * meshgov.projection.lag.seconds}, {@code meshgov.projection.events} (applied) and {@code
   * meshgov.consumer.dead-lettered}.
   */
  @Bean
  MeterBinder kafkaFeedMetrics(KafkaGraphFeeder feeder) {
    return registry -> {
      Gauge.builder("meshgov.consumer.lag.records", feeder, KafkaGraphFeeder::recordsBehind)
          .description("records on the governance topic the graph has not applied yet")
          .register(registry);
      Gauge.builder("meshgov.projection.lag.seconds", feeder, KafkaGraphFeeder::secondsBehind)
          .description("age of the last applied event while more are waiting")
          .register(registry);
      FunctionCounter.builder("meshgov.projection.events", feeder, KafkaGraphFeeder::applied)
          .description("events applied to the lineage graph")
          .register(registry);
      FunctionCounter.builder(
              "meshgov.consumer.dead-lettered", feeder, KafkaGraphFeeder::deadLettered)
          .description("records sent to the dead-letter topic")
          .register(registry);
    };
  }

  /**
   * A topic, made on start-up when the broker answers (else on first use, by broker defaults), with
   * the broker's default replication: the replication is the publisher's (command profile) to set.
   */
  private static void ensureTopic(String bootstrapServers, String name, int partitions) {
    try {
      KafkaTopics.createWithBrokerReplication(bootstrapServers, name, partitions);
    } catch (IllegalStateException e) {
      log.warn("{}; it will be made on first use", e.getMessage());
    }
  }
}
