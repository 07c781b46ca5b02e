package io.meshgov.plumbing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Topics of the governance feed: made when the broker does not have them, with the configured
 * partitions and replication, and kept forever ({@code retention.ms=-1}) so a new consumer, or a
 * rebuild from the topic, can read the whole history.
 */
public final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * Creates the topic unless it exists.
   *
   * @throws IllegalStateException when the broker cannot be reached or refuses the topic
   */
  public static void create(
      String bootstrapServers, String name, int partitions, short replicationFactor) {
    create(bootstrapServers, name, partitions, Optional.of(replicationFactor));
  }

  /**
   * Creates the topic unless it exists, with the broker's default replication.
   *
   * @throws IllegalStateException when the broker cannot be reached or refuses the topic
   */
  public static void createWithBrokerReplication(
      String bootstrapServers, String name, int partitions) {
    create(bootstrapServers, name, partitions, Optional.empty());
  }

  private static void create(
      String bootstrapServers, String name, int partitions, Optional<Short> replicationFactor) {
    NewTopic topic =
        new NewTopic(name, Optional.of(partitions), replicationFactor)
            .configs(Map.of("retention.ms", "-1"));
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not answer creating " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + name, e);
    }
  }
}
