package io.meshgov.command.audit;

import io.meshgov.plumbing.DataSettings;
import io.meshgov.plumbing.PemKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event store's tamper evidence where the event store lives (the embedded default, the command
 * service): every append linked into its aggregate's hash chain, a store written before the chain
 * migrated at start-up before commands are taken, signed checkpoints on a schedule, and the
 * verifier (decision 52).
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration")
@ConditionalOnProperty(
    name = "meshgov.command-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties({AuditSettings.class, DataSettings.class})
public class AuditAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AuditAutoConfiguration.class);

  /**
   * Wraps Axon's storage engine, whoever made it, so nothing is stored without its link. {@code
   * meshgov.audit.chain=false} leaves it out: only to measure what the chain costs (events stored
   * so are reported as written behind the application).
   */
  @Bean
  static BeanPostProcessor chainingStorageEngine(
      ObjectProvider<JdbcTemplate> jdbc,
      ObjectProvider<CommitWrites> atCommit,
      org.springframework.core.env.Environment environment) {
    boolean chain = environment.getProperty("meshgov.audit.chain", Boolean.class, true);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (chain
            && bean instanceof EventStorageEngine engine
            && !(bean instanceof ChainingStorageEngine)) {
          return new ChainingStorageEngine(
              engine, new ChainStore(jdbc.getObject(), atCommit.getObject()));
        }
        return bean;
      }
    };
  }

  /** A transaction's last writes (links, lookup rows), sent together just before it commits. */
  @Bean
  CommitWrites commitWrites(JdbcTemplate jdbc) {
    return new CommitWrites(jdbc);
  }

  @Bean
  AuditKeys auditKeys(AuditSettings settings, DataSettings data) {
    Path privateKey = settings.privateKey(data.dataDir());
    Path publicKey = settings.publicKey(data.dataDir());
    if (!settings.privateKeyFile().isBlank() && !Files.exists(privateKey)) {
      throw new IllegalStateException(
          "meshgov.audit.private-key-file names " + privateKey + ", which does not exist");
    }
    try {
      Files.createDirectories(privateKey.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuditKeys.of(PemKeys.loadOrCreate(privateKey, publicKey));
  }

  @Bean
  CheckpointAnchor checkpointAnchor(AuditSettings settings, DataSettings data) {
    return new CheckpointAnchor(settings.anchor(data.dataDir()));
  }

  @Bean
  Checkpoints checkpoints(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      AuditKeys keys,
      ObjectProvider<Clock> clock,
      AuditSettings settings,
      CheckpointAnchor anchor) {
    return new Checkpoints(
        jdbc,
        new TransactionTemplate(transactions),
        keys,
        clock.getIfAvailable(Clock::systemUTC),
        settings.settle(),
        anchor);
  }

  @Bean
  HistoryVerifier historyVerifier(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      Checkpoints checkpoints,
      AuditKeys keys,
      CheckpointAnchor anchor) {
    TransactionTemplate readOnly = readOnly(transactions);
    return new HistoryVerifier(jdbc, readOnly, checkpoints, keys, anchor);
  }

  @Bean
  HistoryExporter historyExporter(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      Checkpoints checkpoints,
      AuditKeys keys) {
    TransactionTemplate readOnly = readOnly(transactions);
    return new HistoryExporter(
        jdbc,
        readOnly,
        checkpoints,
        keys,
        new io.meshgov.api.wire.GovernanceCloudEvents(
            java.net.URI.create("/meshgov/command-side")));
  }

  /** One consistent read of the store, as verification and exports need. */
  private static TransactionTemplate readOnly(PlatformTransactionManager transactions) {
    TransactionTemplate readOnly = new TransactionTemplate(transactions);
    readOnly.setReadOnly(true);
    readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    return readOnly;
  }

  /** Chains an older store before anything else starts (commands are taken only after). */
  @Bean
  SmartLifecycle chainMigration(
      JdbcTemplate jdbc, PlatformTransactionManager transactions, CheckpointAnchor anchor) {
    ChainMigration migration =
        new ChainMigration(jdbc, new TransactionTemplate(transactions), anchor);
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        long linked =
            migration.run(done -> log.info("chaining the stored history: {} events", done));
        if (linked > 0) {
          log.info("the stored history is chained: {} events linked", linked);
        }
        running = true;
      }

      @Override
      public void stop() {
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return Integer.MIN_VALUE + 100;
      }
    };
  }

  /** A signed checkpoint every {@code meshgov.audit.checkpoint-every}. */
  @Bean
  SmartLifecycle checkpointSchedule(Checkpoints checkpoints, AuditSettings settings) {
    return new SmartLifecycle() {
      private ScheduledExecutorService timer;

      @Override
      public synchronized void start() {
        timer =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread thread = new Thread(r, "meshgov-checkpoints");
                  thread.setDaemon(true);
                  return thread;
                });
        long every = settings.checkpointEvery().toMillis();
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                checkpoints
                    .make()
                    .ifPresent(
                        c ->
                            log.info(
                                "checkpoint {} signed: {} events up to position {}",
                                c.number(),
                                c.eventCount(),
                                c.upToPosition()));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                log.warn("no checkpoint this time: {}", e.toString());
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
      }

      @Override
      public synchronized void stop() {
        if (timer != null) {
          timer.shutdownNow();
          timer = null;
        }
      }

      @Override
      public synchronized boolean isRunning() {
        return timer != null;
      }
    };
  }
}
