package io.meshgov.command.publishing;

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
 * The governance topic: created on first use when the broker does not have it, with the configured
 * partitions and replication. Events are kept forever by default ({@code retention.ms=-1}) so a new
 * consumer, or a rebuild from the topic, can read the whole history.
 */
public class GovernanceTopics {

  private final String bootstrapServers;
  private final String events;
  private final int partitions;
  private final short replicationFactor;
  private volatile boolean exists;

  public GovernanceTopics(
      String bootstrapServers, String events, int partitions, short replicationFactor) {
    this.bootstrapServers = bootstrapServers;
    this.events = events;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  public String events() {
    return events;
  }

  /** Creates the topic unless it exists; throws when the broker cannot be reached. */
  public void ensureExists() {
    if (exists) {
      return;
    }
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000))) {
      create(
          admin,
          new NewTopic(events, Optional.of(partitions), Optional.of(replicationFactor))
              .configs(Map.of("retention.ms", "-1")));
      exists = true;
    }
  }

  static void create(Admin admin, NewTopic topic) {
    try {
      admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not answer creating " + topic.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating " + topic.name(), e);
    }
  }
}
