package io.meshgov.command.publishing;

import io.cloudevents.CloudEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.plumbing.KafkaSettings;
import io.meshgov.plumbing.StoreReading;
import io.meshgov.plumbing.TrackingProcessors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The command service's publisher ({@code meshgov.kafka.publish=true}, set by the {@code command}
 * profile): a tracking processor over the event store that sends every event to the governance
 * topic, its producer (idempotent, acknowledged by all in-sync replicas) and its metrics.
 */
@AutoConfiguration(after = io.meshgov.command.infrastructure.CommandSideAutoConfiguration.class)
@ConditionalOnProperty(name = "meshgov.kafka.publish", havingValue = "true")
@ConditionalOnProperty(
    name = "meshgov.command-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties({KafkaSettings.class})
public class PublishingAutoConfiguration {

  @Bean
  GovernanceTopics governanceTopics(KafkaSettings kafka) {
    return new GovernanceTopics(
        kafka.brokers(), kafka.topic(), kafka.partitions(), kafka.replicationFactor());
  }

  @Bean(destroyMethod = "close")
  Producer<String, CloudEvent> governanceEventProducer(KafkaSettings kafka) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "meshgov-publisher");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StructuredCloudEventSerializer.class);
    return new KafkaProducer<>(config);
  }

  @Bean
  KafkaEventPublisher kafkaEventPublisher(
      Producer<String, CloudEvent> producer,
      GovernanceTopics topics,
      KafkaSettings kafka,
      @org.springframework.beans.factory.annotation.Qualifier("eventSerializer")
          org.axonframework.serialization.Serializer eventSerializer) {
    return new KafkaEventPublisher(
        producer,
        new GovernanceCloudEvents(kafka.source()),
        topics,
        kafka.ackTimeoutMs(),
        eventSerializer);
  }

  @Bean
  ConfigurerModule kafkaPublisherProcessor(KafkaSettings kafka) {
    return TrackingProcessors.singleThreaded(
        KafkaEventPublisher.PROCESSING_GROUP, kafka.publishBatchSize());
  }

  /**
   * {@code meshgov.publisher.events} (acknowledged by the broker; its rate is the publish rate) and
   * {@code meshgov.publisher.lag.events} (events in the store not yet acknowledged).
   */
  @Bean
  MeterBinder publisherMetrics(
      KafkaEventPublisher publisher, EventStore store, EventProcessingConfiguration processing) {
    return registry -> {
      FunctionCounter.builder("meshgov.publisher.events", publisher, KafkaEventPublisher::published)
          .description("governance events acknowledged by the broker")
          .register(registry);
      Gauge.builder(
              "meshgov.publisher.lag.events",
              publisher,
              p -> Math.max(0, StoreReading.headPosition(store) - publishedPosition(processing)))
          .description("events in the store the broker has not acknowledged yet")
          .register(registry);
    };
  }

  /** The position the publisher's processor has stored: everything up to it is on the topic. */
  static long publishedPosition(EventProcessingConfiguration processing) {
    return processing
        .eventProcessor(KafkaEventPublisher.PROCESSING_GROUP, TrackingEventProcessor.class)
        .map(
            p ->
                p.processingStatus().values().stream()
                    .mapToLong(s -> s.getCurrentPosition().orElse(-1))
                    .max()
                    .orElse(-1))
        .orElse(-1L);
  }
}
