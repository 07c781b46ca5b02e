package io.meshgov.query.graph;

import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.InboxQueries;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.lineage.query.Neo4jInboxQueries;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.plumbing.DataSettings;
import io.meshgov.plumbing.StoreReading;
import io.meshgov.plumbing.TrackingProcessors;
import io.meshgov.query.live.LiveSettings;
import io.meshgov.query.live.LiveUpdates;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.neo4j.driver.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query side in the embedded setup: the connection to the lineage graph (a configured server,
 * else embedded Neo4j under the data folder), its schema, the processor that feeds it from the
 * event store, the rebuild, and the read queries.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.autoconfigure.neo4j.Neo4jAutoConfiguration")
@ConditionalOnProperty(
    name = "meshgov.query-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties({
  Neo4jSettings.class,
  Neo4jSettings.Lineage.class,
  GraphSettings.class,
  LiveSettings.class,
  DataSettings.class
})
public class QuerySideAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(QuerySideAutoConfiguration.class);

  /**
   * The lineage graph: the configured server, or the embedded Neo4j {@link EarlyGraphStart} began
   * to start while the context was prepared (started here when it did not, as in a context made
   * without Spring Boot's initializers).
   */
  @Bean
  GraphConnection graphConnection(
      Neo4jSettings neo4j,
      DataSettings data,
      org.springframework.beans.factory.ObjectProvider<EarlyGraphStart.Pending> early) {
    Path dataDir = data.dataDir();
    String uri = neo4j.uri();
    if (!uri.isBlank()) {
      GraphConnection connection =
          GraphConnection.toServer(uri, neo4j.username(), neo4j.password());
      connection.createSchema();
      return connection;
    }
    EarlyGraphStart.Pending pending = early.getIfAvailable();
    if (pending != null) {
      if (EarlyGraphStart.sameFolder(pending.dataDir(), dataDir)) {
        GraphConnection claimed = pending.claim();
        if (claimed != null) {
          return claimed;
        }
      }
      // given up already (a bean made after the refresh), or another folder (settings added after
      // the context was prepared): wait until that start has let go of its folder
      pending.closeUnclaimed();
    }
    return EarlyGraphStart.open(dataDir);
  }

  @Bean(destroyMethod = "")
  Driver neo4jDriver(GraphConnection connection) {
    return connection.driver();
  }

  @Bean
  InboxQueries inboxQueries(Driver driver) {
    return new Neo4jInboxQueries(driver);
  }

  @Bean
  LiveUpdates liveUpdates(LiveSettings settings) {
    return new LiveUpdates(settings.maxSubscriptions(), settings.maxPerPerson());
  }

  /** The projector, telling the live subscriptions what each commit applied. */
  @Bean
  GraphProjector graphProjector(Driver driver, LiveUpdates live) {
    return new GraphProjector(driver, live);
  }

  /**
   * {@code meshgov.projection.parked}: aggregates the graph could not apply (see {@link
   * GraphProjector#parked()}); above zero, health reports the projection DEGRADED.
   */
  @Bean
  MeterBinder parkedAggregatesMetric(GraphProjector projector) {
    return registry ->
        Gauge.builder("meshgov.projection.parked", projector::parkedCount)
            .description("aggregates whose events the lineage graph could not apply")
            .register(registry);
  }

  @Bean
  LineageQueries lineageQueries(Driver driver, Neo4jSettings.Lineage lineage) {
    return new Neo4jLineageQueries(driver, lineage.maxDepth());
  }

  /**
   * The embedded feed ({@code meshgov.graph.feed=store}, the default): the graph read from this
   * process's event store by a tracking processor, its rebuild, and the projection lag.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "meshgov.graph.feed", havingValue = "store", matchIfMissing = true)
  static class StoreFeed {

    @Bean
    GraphFeeder graphFeeder(GraphProjector projector) {
      return new GraphFeeder(projector);
    }

    @Bean
    ConfigurerModule lineageGraphProcessor(GraphSettings graph) {
      return TrackingProcessors.singleThreaded(GraphFeeder.PROCESSING_GROUP, graph.batchSize());
    }

    /** The newest position of this process's event store (read-your-writes refuses beyond). */
    @Bean
    io.meshgov.query.graphql.StoreHead storeHead(EventStore store) {
      return () -> StoreReading.headPosition(store);
    }

    @Bean
    GraphRebuild graphRebuild(
        EventStore store,
        GraphProjector projector,
        Driver driver,
        EventProcessingConfiguration processing,
        GraphSettings graph) {
      return new GraphRebuild(store, projector, driver, processing, graph.rebuildBatchSize());
    }

    /** {@code --meshgov.graph.rebuild=true}: rebuild the graph at start-up, printing progress. */
    @Bean
    @ConditionalOnProperty(name = "meshgov.graph.rebuild", havingValue = "true")
    ApplicationRunner graphRebuildAtStartUp(GraphRebuild rebuild) {
      return args -> {
        log.info("rebuilding the lineage graph from the event store");
        GraphRebuild.Report report =
            rebuild.rebuild(
                new java.util.function.Consumer<>() {
                  private long lastLog;

                  @Override
                  public void accept(GraphRebuild.Progress progress) {
                    long now = System.nanoTime();
                    if (now - lastLog > Duration.ofSeconds(2).toNanos()
                        || progress.done() >= progress.total()) {
                      lastLog = now;
                      log.info("{}", progress);
                    }
                  }
                });
        log.info(
            "rebuild done: {} events in {} ms ({} events/s), graph checksum {}",
            report.events(),
            report.took().toMillis(),
            Math.round(report.eventsPerSecond()),
            report.checksum());
      };
    }

    /**
     * {@code meshgov.projection.lag.events} (events in the store the graph has not applied) and
     * {@code meshgov.projection.lag.seconds} (age of the last applied event while more wait).
     */
    @Bean
    MeterBinder storeFeedMetrics(EventStore store, GraphProjector projector, GraphFeeder feeder) {
      return registry -> {
        Gauge.builder("meshgov.projection.lag.events", () -> behind(store, projector))
            .description("events in the store the lineage graph has not applied yet")
            .register(registry);
        Gauge.builder(
                "meshgov.projection.lag.seconds",
                () -> feeder.appliedTime().secondsBehind(behind(store, projector) > 0))
            .description("age of the last applied event while more are waiting")
            .register(registry);
      };
    }

    private static long behind(EventStore store, GraphProjector projector) {
      return Math.max(0, StoreReading.headPosition(store) - projector.position());
    }
  }
}
