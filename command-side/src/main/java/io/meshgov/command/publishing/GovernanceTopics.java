package io.meshgov.command.publishing;

import io.meshgov.plumbing.KafkaTopics;

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
    if (!exists) {
      KafkaTopics.create(bootstrapServers, events, partitions, replicationFactor);
      exists = true;
    }
  }
}
