package io.meshgov.benchmarks;

import io.meshgov.command.audit.AuditKeys;
import io.meshgov.command.audit.ChainMigration;
import io.meshgov.command.audit.Checkpoints;
import io.meshgov.command.audit.HistoryVerifier;
import io.meshgov.command.audit.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the tamper evidence costs on a large store, on the PostgreSQL server at 127.0.0.1:5432 (a
 * database of its own, dropped at the end): {@code events} stored rows over {@code aggregates}
 * aggregates, written as by an older version (no links), then chained by the start-up migration, a
 * checkpoint signed over all of them, and the whole store verified; then one event is edited and
 * the verification finds it.
 */
public final class AuditBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int events = Integer.parseInt(options.getOrDefault("events", "1000000"));
    int aggregates = Integer.parseInt(options.getOrDefault("aggregates", "100000"));
    String server = options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/");
    String database = "meshgov_audit_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
      admin.createStatement().execute("create database " + database);
    }
    int status = 0;
    try {
      DriverManagerDataSource data = new DriverManagerDataSource(server + database, "postgres", "");
      Flyway.configure()
          .dataSource(data)
          .locations("classpath:db/migration/common", "classpath:db/migration/postgresql")
          .load()
          .migrate();
      long started = System.nanoTime();
      write(server + database, events, aggregates);
      double written = seconds(started);
      try (Connection c = DriverManager.getConnection(server + database, "postgres", "")) {
        c.createStatement().execute("analyze"); // as autovacuum would after a bulk load
      }

      JdbcTemplate jdbc = new JdbcTemplate(data);
      TransactionTemplate transactions =
          new TransactionTemplate(new DataSourceTransactionManager(data));
      TransactionTemplate readOnly =
          new TransactionTemplate(new DataSourceTransactionManager(data));
      readOnly.setReadOnly(true);
      readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      AuditKeys keys = AuditKeys.of(rsa.generateKeyPair());
      Checkpoints checkpoints =
          new Checkpoints(
              jdbc,
              transactions,
              keys,
              Clock.systemUTC(),
              Duration.ZERO,
              new io.meshgov.command.audit.CheckpointAnchor(null));

      started = System.nanoTime();
      long linked =
          new ChainMigration(
                  jdbc, transactions, new io.meshgov.command.audit.CheckpointAnchor(null))
              .run(done -> {});
      double chained = seconds(started);
      started = System.nanoTime();
      checkpoints.make().orElseThrow();
      double signed = seconds(started);
      HistoryVerifier verifier =
          new HistoryVerifier(
              jdbc,
              readOnly,
              checkpoints,
              keys,
              new io.meshgov.command.audit.CheckpointAnchor(null));
      started = System.nanoTime();
      VerificationResult intact = verifier.verify(done -> {});
      double verified = seconds(started);

      // an export of the whole year, streamed to nowhere (counted)
      io.meshgov.command.audit.HistoryExporter exporter =
          new io.meshgov.command.audit.HistoryExporter(
              jdbc,
              readOnly,
              checkpoints,
              keys,
              new io.meshgov.api.wire.GovernanceCloudEvents(java.net.URI.create("/meshgov")));
      long[] bytes = {0};
      java.io.OutputStream counting =
          new java.io.OutputStream() {
            @Override
            public void write(int b) {
              bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              bytes[0] += len;
            }
          };
      started = System.nanoTime();
      var exported =
          exporter.write(
              "exp_bench",
              new io.meshgov.command.audit.HistoryExporter.Filter(
                  Instant.parse("2025-01-01T00:00:00Z"),
                  Instant.parse("2028-01-01T00:00:00Z"),
                  null,
                  null,
                  null,
                  null),
              "bench",
              Instant.now(),
              counting);
      double exportSeconds = seconds(started);

      // auditEvents: one actor's events in a one-week window, 200 samples
      io.meshgov.command.audit.AuditSearch search = new io.meshgov.command.audit.AuditSearch(jdbc);
      java.util.Random random = new java.util.Random(7);
      List<Double> latencies = new ArrayList<>();
      long found = 0;
      for (int sample = 0; sample < 220; sample++) {
        Instant from =
            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(340) * 86_400L);
        long t = System.nanoTime();
        found +=
            search
                .search(
                    new io.meshgov.command.audit.AuditSearch.Filter(
                        "person-" + random.nextInt(1000),
                        from,
                        from.plusSeconds(7 * 86_400L),
                        null,
                        null,
                        null,
                        null,
                        null),
                    null,
                    50,
                    false)
                .size();
        if (sample >= 20) {
          latencies.add((System.nanoTime() - t) / 1e6);
        }
      }
      java.util.Collections.sort(latencies);

      jdbc.update(
          "update domain_event_entry set payload = ? where global_index = ?",
          "{\"edited\":true}".getBytes(StandardCharsets.UTF_8),
          events - 10L);
      VerificationResult broken = verifier.verify(done -> {});

      System.out.printf(
          "## Tamper evidence, %d events over %d aggregates, %d cores, Java %s%n%n",
          events,
          aggregates,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      System.out.println("| step | events | seconds | events/s |");
      System.out.println("| --- | ---: | ---: | ---: |");
      row("rows written without links (JDBC batches of 5000, the baseline)", events, written);
      row("start-up migration: read, link and write every link", linked, chained);
      row("one signed checkpoint over all of them", events, signed);
      row("verifyHistory: the whole store and the checkpoint", intact.eventsChecked(), verified);
      row(
          "export of all of them, streamed (" + bytes[0] / 1_000_000 + " MB)",
          exported.count(),
          exportSeconds);
      System.out.printf(
          "%nintact: %s; after editing the event at position %d: intact %s, first break at %d (%s)%n",
          intact.intact(),
          events - 10L,
          broken.intact(),
          broken.firstBreak() == null ? -1 : broken.firstBreak().position(),
          broken.firstBreak() == null ? "-" : broken.firstBreak().problem());
      System.out.printf(
          "%n### auditEvents: one actor (of 1000) in a one-week window, first page of 50%n%n"
              + "| samples | events found per query | p50 ms | p95 ms | p99 ms |%n"
              + "| ---: | ---: | ---: | ---: | ---: |%n| %d | %.1f | %.1f | %.1f | %.1f |%n",
          latencies.size(),
          found / 220.0,
          latencies.get(latencies.size() / 2),
          latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1),
          latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1));
      if (!intact.intact() || broken.intact()) {
        status = 1;
      }
    } finally {
      try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
        admin.createStatement().execute("drop database if exists " + database + " with (force)");
      }
    }
    System.exit(status);
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }

  private static void row(String step, long events, double seconds) {
    System.out.printf("| %s | %d | %.2f | %.0f |%n", step, events, seconds, events / seconds);
  }

  /** Events as the application stores them: a team event JSON, metadata with actor and reason. */
  private static void write(String url, int events, int aggregates) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      c.setAutoCommit(false);
      PreparedStatement insert =
          c.prepareStatement(
              "insert into domain_event_entry (event_identifier, aggregate_identifier,"
                  + " sequence_number, type, time_stamp, payload_type, payload_revision, payload,"
                  + " meta_data) values (?, ?, ?, 'Team', ?, ?, '1', ?, ?)");
      int[] sequence = new int[aggregates];
      Instant time = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < events; i++) {
        int aggregate = i % aggregates;
        String id = "team-" + aggregate;
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, id);
        insert.setLong(3, sequence[aggregate]++);
        // a year of history: an event every 30 s
        insert.setString(
            4, org.axonframework.common.DateTimeUtils.formatInstant(time.plusSeconds(30L * i)));
        insert.setString(5, "io.meshgov.api.team.TeamEvent$TeamMemberAddedEvent");
        insert.setBytes(
            6,
            ("{\"teamId\":\"" + id + "\",\"person\":\"person-" + i + "\",\"role\":\"MEMBER\"}")
                .getBytes(StandardCharsets.UTF_8));
        insert.setBytes(
            7,
            ("{\"actor\":\"person-"
                    + (i % 1000)
                    + "\",\"reason\":\"quarterly reorganisation\",\"correlationId\":\""
                    + UUID.randomUUID()
                    + "\",\"traceId\":\""
                    + UUID.randomUUID()
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        insert.addBatch();
        if ((i + 1) % 5000 == 0) {
          insert.executeBatch();
          c.commit();
        }
      }
      insert.executeBatch();
      c.commit();
    }
  }
}
