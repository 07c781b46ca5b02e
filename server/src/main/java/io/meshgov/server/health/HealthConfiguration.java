package io.meshgov.server.health;

import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.plumbing.KafkaSettings;
import io.meshgov.plumbing.StoreReading;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * Health of what each setup depends on, under {@code /actuator/health}: {@code eventStore} (the
 * store answers with its head position; {@code db} checks its connection), {@code kafka} (the
 * cluster answers, where a broker is configured) and {@code neo4j} (Spring Boot's own, on the
 * driver of the lineage graph).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KafkaSettings.class})
class HealthConfiguration {

  /** Still serving, but some of what it serves is incomplete. */
  static final Status DEGRADED = new Status("DEGRADED");

  @Bean
  @ConditionalOnProperty(
      name = "meshgov.command-side.enabled",
      havingValue = "true",
      matchIfMissing = true)
  HealthIndicator eventStoreHealthIndicator(@Lazy EventStore store) {
    return () -> {
      return Health.up().withDetail("headPosition", StoreReading.headPosition(store)).build();
    };
  }

  /**
   * {@code projection}: DEGRADED (still answering, HTTP 200) while the lineage graph holds parked
   * aggregates, with the first of them and the error that parked it; DOWN when the graph cannot be
   * asked.
   */
  @Bean
  @ConditionalOnProperty(
      name = "meshgov.query-side.enabled",
      havingValue = "true",
      matchIfMissing = true)
  HealthIndicator projectionHealthIndicator(GraphProjector projector) {
    return () -> {
      long parked = projector.parkedCount();
      if (parked == 0) {
        return Health.up().withDetail("parkedAggregates", 0).build();
      }
      var first = projector.parked().get(0);
      return Health.status(DEGRADED)
          .withDetail("parkedAggregates", parked)
          .withDetail(
              "reason",
              parked
                  + " aggregate(s) could not be applied to the lineage graph; their later events"
                  + " are skipped until a rebuild")
          .withDetail("first", first)
          .build();
    };
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "meshgov.kafka.bootstrap-servers")
  Admin kafkaHealthAdmin(KafkaSettings kafka) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.brokers(),
            AdminClientConfig.CLIENT_ID_CONFIG,
            "meshgov-health",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            3_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            2_000));
  }

  @Bean
  @ConditionalOnProperty(name = "meshgov.kafka.bootstrap-servers")
  HealthIndicator kafkaHealthIndicator(Admin kafkaHealthAdmin, KafkaSettings kafka) {
    String bootstrapServers = kafka.brokers();
    return () -> {
      try {
        var cluster =
            kafkaHealthAdmin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000));
        int nodes = cluster.nodes().get(3, TimeUnit.SECONDS).size();
        return Health.up()
            .withDetail("bootstrapServers", bootstrapServers)
            .withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS))
            .withDetail("nodes", nodes)
            .build();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return Health.down()
            .withDetail("bootstrapServers", bootstrapServers)
            .withDetail("error", e.toString())
            .build();
      }
    };
  }
}
