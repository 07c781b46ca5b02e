package io.meshgov.command.infrastructure;

import io.meshgov.command.domain.domains.Domain;
import io.meshgov.command.domain.product.DataProduct;
import io.meshgov.command.domain.product.OwnershipTransferPolicy;
import io.meshgov.command.domain.subscription.Subscription;
import io.meshgov.command.domain.team.Team;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the command side into a Spring Boot application: the aggregates (plain classes, registered
 * here so the domain stays free of Spring), the JDBC event store's table names, the command-side
 * lookups kept in the same transaction as the events, metadata propagation and the command facade.
 */
@AutoConfiguration(
    beforeName = {
      "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"
    },
    afterName = "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration")
@ConditionalOnProperty(
    name = "meshgov.command-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties({OwnershipTransferSettings.class})
public class CommandSideAutoConfiguration {

  /**
   * Aggregates kept in memory between commands (decision 72); {@code
   * meshgov.command-side.cache-aggregates=false} loads every aggregate from the store each time.
   */
  @Bean
  AggregateCaches aggregateCaches(org.springframework.core.env.Environment environment) {
    return new AggregateCaches(
        environment.getProperty("meshgov.command-side.cache-aggregates", Boolean.class, true));
  }

  @Bean
  ConfigurerModule governanceAggregates(AggregateCaches caches) {
    return configurer ->
        configurer
            // every aggregate's command handlers find their aggregate through this resolver
            .registerComponent(
                org.axonframework.modelling.command.CommandTargetResolver.class,
                c -> new CachedCommandTargets())
            .configureAggregate(aggregate(Domain.class, caches))
            .configureAggregate(aggregate(Team.class, caches))
            .configureAggregate(aggregate(DataProduct.class, caches))
            .configureAggregate(aggregate(Subscription.class, caches))
            .configureAggregate(
                aggregate(io.meshgov.command.domain.audit.ExportRecord.class, caches))
            .configureAggregate(
                aggregate(io.meshgov.command.domain.lineage.Observation.class, caches))
            .eventProcessing(
                processing ->
                    processing
                        .registerSubscribingEventProcessor(LookupProjector.PROCESSING_GROUP)
                        .registerListenerInvocationErrorHandler(
                            LookupProjector.PROCESSING_GROUP,
                            c -> PropagatingErrorHandler.instance()));
  }

  private static <A> org.axonframework.config.AggregateConfigurer<A> aggregate(
      Class<A> type, AggregateCaches caches) {
    var aggregate = org.axonframework.config.AggregateConfigurer.defaultConfiguration(type);
    return caches.enabled()
        ? aggregate.configureCache(
            c -> caches.of(type, id -> c.eventStore().lastSequenceNumberFor(id).orElse(null)))
        : aggregate;
  }

  @Bean
  EventSchema eventSchema() {
    return EventStoreSchemas.events();
  }

  @Bean
  TokenSchema tokenSchema() {
    return EventStoreSchemas.tokens();
  }

  /**
   * Axon's JDBC storage engine, built as its auto-configuration builds it, with one statement of
   * our own: the read of a tracking processor while it waits for gaps. Axon asks {@code WHERE
   * (index > ? AND index <= ?) OR index IN (gaps)}, which H2 answers by walking the whole primary
   * key (the OR hides the range), so every poll of the graph feed cost the whole store whenever
   * concurrent commits left a gap; the same rows asked as two index reads joined by {@code UNION
   * ALL} cost the batch (decision 57).
   */
  @Bean
  org.axonframework.eventsourcing.eventstore.EventStorageEngine eventStorageEngine(
      org.axonframework.serialization.Serializer defaultSerializer,
      PersistenceExceptionResolver persistenceExceptionResolver,
      @org.springframework.beans.factory.annotation.Qualifier("eventSerializer")
          org.axonframework.serialization.Serializer eventSerializer,
      org.axonframework.config.Configuration configuration,
      org.axonframework.common.jdbc.ConnectionProvider connectionProvider,
      org.axonframework.common.transaction.TransactionManager transactionManager,
      EventSchema schema,
      JdbcTemplate jdbc) {
    return new SnapshotAwareJdbcEngine(
        org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine.builder()
            .snapshotSerializer(defaultSerializer)
            .upcasterChain(configuration.upcasterChain())
            .persistenceExceptionResolver(persistenceExceptionResolver)
            .eventSerializer(eventSerializer)
            .snapshotFilter(configuration.snapshotFilter())
            .connectionProvider(connectionProvider)
            .transactionManager(transactionManager)
            .schema(schema)
            .readEventDataWithGaps(EventStoreSchemas::readWithGaps),
        jdbc,
        schema.snapshotTable());
  }

  /**
   * Axon's JDBC engine that skips the snapshot read while the store holds no snapshot: no aggregate
   * here takes snapshots, yet Axon asks for one every time it loads an aggregate, a round trip per
   * command. Whether the store holds any is looked up once (at the first load, after the schema
   * migrations); a snapshot stored through this engine turns the reads back on.
   */
  static final class SnapshotAwareJdbcEngine
      extends org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine {

    private final JdbcTemplate jdbc;
    private final String table;
    private volatile Boolean snapshots;

    SnapshotAwareJdbcEngine(Builder builder, JdbcTemplate jdbc, String table) {
      super(builder);
      this.jdbc = jdbc;
      this.table = table;
    }

    @Override
    protected java.util.stream.Stream<? extends org.axonframework.eventhandling.DomainEventData<?>>
        readSnapshotData(String aggregateIdentifier) {
      Boolean known = snapshots;
      if (known == null) {
        known =
            Boolean.TRUE.equals(
                jdbc.query("select 1 from " + table + " limit 1", java.sql.ResultSet::next));
        snapshots = known;
      }
      return known ? super.readSnapshotData(aggregateIdentifier) : java.util.stream.Stream.empty();
    }

    /**
     * The event as Axon reads it, with its time read from its text by {@link StoredTimestamps}
     * rather than Axon's formatter (a tracking processor asks every event for its time).
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected org.axonframework.eventhandling.TrackedEventData<?> getTrackedEventData(
        java.sql.ResultSet row, org.axonframework.eventhandling.GapAwareTrackingToken previous)
        throws java.sql.SQLException {
      var read = super.getTrackedEventData(row, previous);
      if (read instanceof org.axonframework.eventhandling.DomainEventData<?>
          && readTimeStamp(row, schema().timestampColumn()) instanceof String time) {
        return new StoredTimestamps.Entry(
            (org.axonframework.eventhandling.TrackedEventData
                    & org.axonframework.eventhandling.DomainEventData)
                read,
            time);
      }
      return read;
    }

    @Override
    protected void storeSnapshot(
        org.axonframework.eventhandling.DomainEventMessage<?> snapshot,
        org.axonframework.serialization.Serializer serializer) {
      snapshots = true;
      super.storeSnapshot(snapshot, serializer);
    }
  }

  /**
   * Axon's embedded event store as its auto-configuration builds it, with a smaller cache of recent
   * events for the processors that tail it (Axon keeps 10,000 by default: with the deserialized
   * payloads of large events, such as OpenLineage runs with their facets, that was the largest part
   * of the heap an ingestion run grows). A processor further behind reads the store itself. {@code
   * meshgov.event-store.cached-events}, at least 100. Its reader of new events wakes at most once
   * per {@code meshgov.event-store.read-interval} ({@link LingeringEventStore}).
   */
  @Bean
  @ConditionalOnMissingBean(org.axonframework.eventhandling.EventBus.class)
  org.axonframework.eventsourcing.eventstore.EmbeddedEventStore eventStore(
      org.axonframework.eventsourcing.eventstore.EventStorageEngine storageEngine,
      org.axonframework.config.Configuration configuration,
      org.springframework.core.env.Environment environment) {
    int cached =
        Math.max(
            100, environment.getProperty("meshgov.event-store.cached-events", Integer.class, 1000));
    var builder =
        org.axonframework.eventsourcing.eventstore.EmbeddedEventStore.builder()
            .storageEngine(storageEngine)
            .messageMonitor(
                configuration.messageMonitor(
                    org.axonframework.eventsourcing.eventstore.EventStore.class, "eventStore"))
            .spanFactory(
                configuration.getComponent(
                    org.axonframework.eventhandling.EventBusSpanFactory.class))
            .cachedEvents(cached);
    // the reader of new events is woken at most once per interval, not at every commit
    // (decision 82)
    java.time.Duration interval =
        environment.getProperty(
            "meshgov.event-store.read-interval",
            java.time.Duration.class,
            java.time.Duration.ofMillis(20));
    if (interval.isNegative() || interval.compareTo(java.time.Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "meshgov.event-store.read-interval is 0 to 1 s, not " + interval);
    }
    return new LingeringEventStore(builder, interval);
  }

  @Bean
  PersistenceExceptionResolver uniqueViolationResolver() {
    return new UniqueViolationResolver();
  }

  /** Axon's warning for each creation a rule refuses stays out of the log (the caller has it). */
  @Bean
  org.springframework.beans.factory.SmartInitializingSingleton refusedCreationLogFilter() {
    return RefusedCreationLogFilter::install;
  }

  @Bean
  CorrelationDataProvider governanceCorrelationDataProvider() {
    return new GovernanceCorrelationDataProvider();
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  @ConditionalOnMissingBean
  OwnershipTransferPolicy ownershipTransferPolicy(OwnershipTransferSettings settings) {
    return new OwnershipTransferPolicy(settings.expiry());
  }

  /**
   * Transfer expiries, kept in the event store's database: a restart keeps them, and with several
   * command services each fires once (decision 46).
   */
  @Bean
  PersistentDeadlines persistentDeadlines(
      DataSource dataSource,
      org.axonframework.config.Configuration configuration,
      Serializer serializer,
      TransactionManager transactions,
      OwnershipTransferSettings settings) {
    return new PersistentDeadlines(
        dataSource, configuration, serializer, transactions, settings.checkEvery());
  }

  @Bean
  @ConditionalOnMissingBean
  DeadlineManager deadlineManager(PersistentDeadlines deadlines) {
    return deadlines.manager();
  }

  @Bean
  LookupWrites commandLookupWrites(
      JdbcTemplate jdbc, io.meshgov.command.audit.CommitWrites atCommit) {
    return new LookupWrites(jdbc, atCommit);
  }

  @Bean
  JdbcLookups commandLookups(JdbcTemplate jdbc, LookupWrites writes) {
    return new JdbcLookups(jdbc, writes);
  }

  @Bean
  LookupProjector commandLookupProjector(LookupWrites writes) {
    return new LookupProjector(writes);
  }

  @Bean
  LookupRebuild lookupRebuild(
      org.axonframework.eventsourcing.eventstore.EventStore store,
      JdbcTemplate jdbc,
      org.springframework.transaction.PlatformTransactionManager transactions,
      LookupProjector projector) {
    return new LookupRebuild(
        store,
        jdbc,
        new org.springframework.transaction.support.TransactionTemplate(transactions),
        projector);
  }

  /**
   * {@code --meshgov.lookups.rebuild=true}: rebuild the command-side lookup tables from the event
   * store at start-up, printing progress; run it while no commands arrive (docs/operations.md).
   */
  @Bean
  @ConditionalOnProperty(name = "meshgov.lookups.rebuild", havingValue = "true")
  org.springframework.boot.ApplicationRunner lookupRebuildAtStartUp(LookupRebuild rebuild) {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LookupRebuild.class);
    return args -> {
      log.info("rebuilding the command-side lookup tables from the event store");
      long events = rebuild.rebuild(done -> log.info("lookup rebuild: {} events replayed", done));
      log.info("lookup rebuild done: {} events replayed", events);
    };
  }

  @Bean
  GovernanceCommands governanceCommands(
      CommandGateway gateway,
      org.axonframework.commandhandling.CommandBus bus,
      JdbcTemplate jdbc,
      org.axonframework.common.transaction.TransactionManager transactions,
      AggregateCaches caches,
      org.springframework.core.env.Environment environment) {
    // commands sent alone at the same time share transactions (CommandGroups, decision 82)
    CommandGroups.Settings grouping =
        new CommandGroups.Settings(
            environment.getProperty("meshgov.command-side.group-size", Integer.class, 50),
            environment.getProperty(
                "meshgov.command-side.group-transactions",
                Integer.class,
                Math.max(2, Runtime.getRuntime().availableProcessors())),
            environment.getProperty(
                "meshgov.command-side.group-wait",
                java.time.Duration.class,
                java.time.Duration.ofSeconds(1)));
    GovernanceCommands commands =
        new GovernanceCommands(gateway, jdbc, transactions, caches, grouping);
    bus.registerHandlerInterceptor(commands.positionInTransaction());
    return commands;
  }
}
