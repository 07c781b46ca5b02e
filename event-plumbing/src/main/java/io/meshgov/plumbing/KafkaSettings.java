package io.meshgov.plumbing;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.kafka.*}: the governance topic and how both sides use it.
 *
 * @param bootstrapServers the brokers ({@code MESHGOV_KAFKA}); unset in the embedded default
 * @param topic the governance topic
 * @param deadLetterTopic where the query service parks records it cannot read; default {@code
 *     <topic>.dlq}
 * @param partitions partitions of topics made here
 * @param replicationFactor replicas of topics made here
 * @param source the CloudEvents {@code source} of published events
 * @param ackTimeoutMs how long the publisher waits for the brokers to acknowledge a batch
 * @param publishBatchSize events per publisher batch
 * @param consumerGroup the query service's consumer group
 * @param maxPollRecords records per poll of the query service's feed
 */
@ConfigurationProperties("meshgov.kafka")
public record KafkaSettings(
    String bootstrapServers,
    @DefaultValue("meshgov.governance-events") String topic,
    String deadLetterTopic,
    @DefaultValue("1") int partitions,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("/meshgov/command-side") URI source,
    @DefaultValue("30000") long ackTimeoutMs,
    @DefaultValue("500") int publishBatchSize,
    @DefaultValue("meshgov-query") String consumerGroup,
    @DefaultValue("1000") int maxPollRecords) {

  public KafkaSettings {
    Settings.required(topic, "meshgov.kafka.topic");
    deadLetterTopic =
        deadLetterTopic == null || deadLetterTopic.isBlank() ? topic + ".dlq" : deadLetterTopic;
    Settings.atLeast(partitions, 1, "meshgov.kafka.partitions");
    Settings.atLeast(replicationFactor, 1, "meshgov.kafka.replication-factor");
    Settings.atLeast(ackTimeoutMs, 1, "meshgov.kafka.ack-timeout-ms");
    Settings.atLeast(publishBatchSize, 1, "meshgov.kafka.publish-batch-size");
    Settings.required(consumerGroup, "meshgov.kafka.consumer-group");
    Settings.atLeast(maxPollRecords, 1, "meshgov.kafka.max-poll-records");
  }

  /** The brokers, where this process needs them. */
  public String brokers() {
    return Settings.required(bootstrapServers, "meshgov.kafka.bootstrap-servers");
  }
}
