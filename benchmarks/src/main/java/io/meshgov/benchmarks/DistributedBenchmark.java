package io.meshgov.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.server.MeshgovApplication;
import io.meshgov.testsupport.DistributedMesh;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.TestDomains;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The distributed setup measured in one JVM: command service and query service joined by a KRaft
 * broker, the event store on PostgreSQL, the graph on Neo4j over Bolt (as DistributedMesh builds
 * them for the tests).
 *
 * <ul>
 *   <li>Freshness: mutations through the query service's GraphQL endpoint; for each, the time from
 *       its answer until a plain query (no minPosition) shows the new team.
 *   <li>Command throughput: commands into the command service's facade from many threads, with the
 *       publisher on, beside a raw JDBC baseline (insert + commit per command) on the same database
 *       with the same threads.
 *   <li>Bulk commands ({@code parts=bulk}): batches of {@code batch} commands through the bulk form
 *       from {@code bulk-threads} threads, beside the same raw baseline.
 * </ul>
 *
 * Arguments: {@code mutations=10000 warmup=3000 clients=2 poll-ms=5 seconds=30 threads=16
 * parts=freshness,throughput} ({@code warmup}: mutations sent first and not counted) (and {@code
 * bulk}, {@code bulk-threads=4 batch=500}; {@code compare=grouping}, {@code chain}, {@code none} or
 * any {@code <setting>=<value>} for the throughput run, {@code throughput-warmup=30} seconds). With
 * {@code external-port=8080 external-data-dir=../data/distributed/keys-home}: freshness only,
 * against the query service {@code bin/distributed} started (each part a process of its own).
 */
public final class DistributedBenchmark {

  private static int pollMillis;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int mutations = Integer.parseInt(options.getOrDefault("mutations", "10000"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "2"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
    pollMillis = Integer.parseInt(options.getOrDefault("poll-ms", "5"));
    // mutations sent before the freshness run, not counted: enough for the JIT compilers to have
    // compiled the path (a few hundred left them compiling beside the measured requests)
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "3000"));
    String parts = options.getOrDefault("parts", "freshness,throughput");
    int status = 0;
    if (options.containsKey("external-port")) {
      // the setup bin/distributed started, each part a process of its own: freshness only (the
      // other parts drive the command service's facade inside this JVM)
      GraphQlClient client =
          new GraphQlClient(
              Integer.parseInt(options.get("external-port")),
              java.nio.file.Path.of(
                  options.getOrDefault("external-data-dir", "../data/distributed/keys-home")));
      System.out.printf(
          "## Distributed setup, separate processes (bin/distributed), %d cores, %s%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      try {
        freshness(client, warmup, clients, false);
        freshness(client, mutations, clients, true);
      } catch (Exception e) {
        e.printStackTrace();
        status = 1;
      }
      System.exit(status);
    }
    try (DistributedMesh mesh = new DistributedMesh(MeshgovApplication.class)) {
      mesh.startCommandService();
      mesh.startQueryService();
      System.out.printf(
          "## Distributed setup, %d cores, %s%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      if (parts.contains("freshness")) {
        freshness(mesh.graphQl(), warmup, clients, false);
        freshness(mesh.graphQl(), mutations, clients, true);
      }
      if (parts.contains("bulk")) {
        bulk(
            mesh,
            seconds,
            Integer.parseInt(options.getOrDefault("bulk-threads", "4")),
            Integer.parseInt(options.getOrDefault("batch", "500")));
      }
      if (parts.contains("throughput")) {
        throughput(
            mesh,
            seconds,
            threads,
            options.getOrDefault("compare", "grouping"),
            Integer.parseInt(options.getOrDefault("throughput-warmup", "30")));
      }
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static void freshness(GraphQlClient client, int mutations, int clients, boolean report)
      throws Exception {
    client.domains("bench");
    String token = client.token("alice");
    long[] latencies = new long[mutations];
    long[] answers = new long[mutations];
    AtomicInteger next = new AtomicInteger();
    // a run's own team ids: a setup that keeps running may be measured again
    String prefix =
        (report ? "fresh-" : "warm-") + Long.toString(System.currentTimeMillis() % 100_000_000, 36);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    List<Future<?>> work = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      work.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < mutations; i = next.getAndIncrement()) {
                  String team = prefix + "-" + i;
                  long sent = System.nanoTime();
                  JsonNode answer =
                      client.query(
                          token,
                          "mutation($input: RegisterTeamInput!) { registerTeam(input: $input) {"
                              + " id position } }",
                          Map.of("input", Map.of("teamId", team, "name", team, "domain", "bench")));
                  long answered = System.nanoTime();
                  if (!answer.path("errors").isMissingNode()) {
                    throw new IllegalStateException(answer.toString());
                  }
                  while (client
                      .query(token, "query($id: ID!) { team(id: $id) { id } }", Map.of("id", team))
                      .at("/data/team/id")
                      .isMissingNode()) {
                    Thread.sleep(pollMillis);
                  }
                  latencies[i] = System.nanoTime() - answered;
                  answers[i] = answered - sent;
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    double took = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    if (!report) {
      return;
    }
    Arrays.sort(latencies);
    Arrays.sort(answers);
    System.out.printf(
        "### End-to-end freshness: %d mutations through the query service, %d clients%n%n",
        mutations, clients);
    System.out.println("| measure | p50 ms | p95 ms | p99 ms | max ms |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    row("mutation answer (query svc → command svc → store)", answers);
    row("answer → visible in a query (store → Kafka → graph)", latencies);
    System.out.printf(
        "%n%d mutations in %.1f s (%.0f mutations/s with the visibility checks).%n%n",
        mutations, took, mutations / took);
  }

  private static void row(String name, long[] sorted) {
    System.out.printf(
        "| %s | %.1f | %.1f | %.1f | %.1f |%n",
        name,
        percentile(sorted, 0.50),
        percentile(sorted, 0.95),
        percentile(sorted, 0.99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /**
   * Commands sent alone from many threads, the command service as configured (grouping and chain
   * on), beside the same with one switch off: {@code compare=grouping} (decision 82), {@code
   * compare=chain} (the hash chain) or any setting ({@code
   * compare=meshgov.event-store.read-interval=0}).
   */
  private static void throughput(
      DistributedMesh mesh, int seconds, int threads, String compare, int warmupSeconds)
      throws Exception {
    String off;
    String without;
    if (compare.equals("chain")) {
      off = "--meshgov.audit.chain=false";
      without = "the same without the hash chain (`meshgov.audit.chain=false`)";
    } else if (compare.equals("grouping")) {
      off = "--meshgov.command-side.group-size=1";
      without = "the same with each command in a transaction of its own (`group-size=1`)";
    } else if (compare.equals("none")) {
      off = null;
      without = null;
    } else if (compare.matches("[a-z][a-z.-]*=[^ ]+")) {
      // any setting, for example compare=meshgov.event-store.read-interval=0
      off = "--" + compare;
      without = "the same with `" + compare + "`";
    } else {
      throw new IllegalArgumentException(
          "compare=chain, compare=grouping, compare=none or compare=<setting>=<value>, not "
              + compare);
    }
    // on this one machine the query service would share the two cores: measure the command side
    mesh.stopQueryService();
    GovernanceCommands commands = mesh.commands();
    TestDomains.register(commands, "bench");
    AtomicInteger teams = new AtomicInteger();
    // warm-up: long enough for the JIT and the database's caches to settle (shorter warm-ups left
    // every later run 20-40% faster than the one before, whatever it measured)
    // (on a slow day 30 s left the first run measured 19-27% below the last: throughput-warmup)
    run(threads, warmupSeconds, () -> unit(commands, "tput-warm-" + teams.incrementAndGet()));
    drain(mesh);
    long storeBefore = mesh.storeHead();
    Result axon = run(threads, seconds, () -> unit(commands, "tput-" + teams.incrementAndGet()));
    long publishStarted = System.nanoTime();
    while (mesh.publisherLag() > 0) {
      Thread.sleep(10);
    }
    double drained = (System.nanoTime() - publishStarted) / 1e9;
    long events = mesh.storeHead() - storeBefore;

    // what the switch is worth: runs with it on (the one above) and off, in the order on, off,
    // off, on, each on a freshly started command service after its own warm-up, so a drift over
    // the runs (the JIT, the tables growing) favours neither side
    List<Result> chained = new ArrayList<>(List.of(axon));
    List<Result> unchainedRuns = new ArrayList<>();
    if (off == null) {
      // the configured service alone, beside the raw baseline: for trying settings quickly
      Result raw = rawBaseline(mesh, threads, seconds);
      System.out.printf(
          "### Command throughput on PostgreSQL, publisher on, %d threads, %d s%n%n"
              + "| run | commands | commands/s |%n| --- | ---: | ---: |%n"
              + "| meshgov command side (register team + 4 × add member) | %d | %.0f |%n"
              + "| raw baseline: JDBC insert + commit per command, a connection per thread"
              + " | %d | %.0f |%n%n%d events written; %.0f%% of the raw baseline.%n",
          threads,
          seconds,
          axon.operations,
          axon.perSecond(),
          raw.operations,
          raw.perSecond(),
          events,
          100.0 * axon.perSecond() / raw.perSecond());
      return;
    }
    {
      for (boolean on : new boolean[] {false, false, true}) {
        mesh.stopCommandService();
        if (on) {
          mesh.startCommandService();
        } else {
          mesh.startCommandService(off);
        }
        GovernanceCommands service = mesh.commands();
        run(threads, 5, () -> unit(service, "tput-warm-" + teams.incrementAndGet()));
        drain(mesh);
        System.err.printf("%s %s run starts%n", java.time.Instant.now(), on ? "on" : "off");
        GovernanceCommands.Grouping before = service.grouping();
        Result result =
            run(threads, seconds, () -> unit(service, "tput-" + teams.incrementAndGet()));
        GovernanceCommands.Grouping after = service.grouping();
        System.err.printf(
            "%s %s run: %.0f commands/s; %d commands in %d groups%n",
            java.time.Instant.now(),
            on ? "on" : "off",
            result.perSecond(),
            after.commands() - before.commands(),
            after.groups() - before.groups());
        (on ? chained : unchainedRuns).add(result);
      }
    }
    mesh.stopCommandService();
    mesh.startCommandService();
    Result withChain = Result.sum(chained);
    Result withoutChain = Result.sum(unchainedRuns);

    Result raw = rawBaseline(mesh, threads, seconds);

    System.out.printf(
        "### Command throughput on PostgreSQL, publisher on, %d threads, %d s each%n%n",
        threads, seconds);
    System.out.println("| run | commands | commands/s |");
    System.out.println("| --- | ---: | ---: |");
    System.out.printf(
        "| meshgov command side (register team + 4 × add member), %d runs | %d | %.0f |%n",
        chained.size(), withChain.operations, withChain.perSecond());
    System.out.printf(
        "| %s, %d runs | %d | %.0f |%n",
        without, unchainedRuns.size(), withoutChain.operations, withoutChain.perSecond());
    System.out.printf(
        "| raw baseline: JDBC insert + commit per command, a connection per thread | %d | %.0f |%n",
        raw.operations, raw.perSecond());
    System.out.printf(
        "%n%d events written; the publisher had all of them on the topic %.2f s after the last"
            + " command (first run). As configured: %.0f%% of the runs %s; %.0f%% of the"
            + " raw baseline (runs in the order on, off, off, on: %s commands/s).%n",
        events,
        drained,
        100.0 * withChain.perSecond() / withoutChain.perSecond(),
        compare.contains("=") ? "with `" + compare + "`" : "with " + compare + " off",
        100.0 * withChain.perSecond() / raw.perSecond(),
        order(chained, unchainedRuns));
  }

  /**
   * The bulk form: each thread sends batches of {@code size} commands (register a team, add four
   * members, a hundred times) through {@code sendAll}, one transaction each, beside the raw
   * baseline of the same run with the same threads.
   */
  private static void bulk(DistributedMesh mesh, int seconds, int threads, int size)
      throws Exception {
    mesh.stopQueryService();
    GovernanceCommands commands = mesh.commands();
    TestDomains.register(commands, "bench");
    AtomicInteger batches = new AtomicInteger();
    run(threads, 20, () -> batch(commands, "bulk-warm-" + batches.incrementAndGet(), size));
    drain(mesh);
    long storeBefore = mesh.storeHead();
    Result bulk =
        run(threads, seconds, () -> batch(commands, "bulk-" + batches.incrementAndGet(), size));
    long publishStarted = System.nanoTime();
    drain(mesh);
    double drained = (System.nanoTime() - publishStarted) / 1e9;
    long events = mesh.storeHead() - storeBefore;
    Result raw = rawBaseline(mesh, threads, seconds);
    System.out.printf(
        "### Bulk commands on PostgreSQL, publisher on, %d threads, batches of %d, %d s%n%n",
        threads, size, seconds);
    System.out.println("| run | commands | commands/s |");
    System.out.println("| --- | ---: | ---: |");
    System.out.printf(
        "| meshgov bulk form (`sendAll`: register team + 4 × add member, %d commands a transaction) | %d | %.0f |%n",
        size, bulk.operations, bulk.perSecond());
    System.out.printf(
        "| raw baseline: JDBC insert + commit per command, a connection per thread | %d | %.0f |%n",
        raw.operations, raw.perSecond());
    System.out.printf(
        "%n%d events written; the publisher had all of them on the topic %.2f s after the last"
            + " batch. The bulk form reached %.0f%% of the raw baseline.%n",
        events, drained, 100.0 * bulk.perSecond() / raw.perSecond());
  }

  private static int batch(GovernanceCommands commands, String prefix, int size) {
    List<io.meshgov.api.command.GovernanceCommand> batch = new ArrayList<>(size);
    for (int t = 0; batch.size() < size; t++) {
      TeamId team = TeamId.of(prefix + "-" + t);
      batch.add(new RegisterTeamCommand(team, team.value(), DomainName.of("bench")));
      for (int m = 0; m < 4 && batch.size() < size; m++) {
        batch.add(new AddTeamMemberCommand(team, PersonId.of("member-" + m), TeamRole.MEMBER));
      }
    }
    commands.sendAll(batch, io.meshgov.api.command.GovernanceGateway.Origin.of("alice", null));
    return batch.size();
  }

  /**
   * Plain JDBC: a row of an event's size inserted and committed per command, a connection a thread.
   */
  private static Result rawBaseline(DistributedMesh mesh, int threads, int seconds)
      throws Exception {
    String[] jdbc = mesh.jdbc();
    try (Connection c = DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2])) {
      c.createStatement()
          .execute(
              "create table if not exists raw_baseline (id bigserial primary key, aggregate text,"
                  + " seq int, payload bytea, at timestamptz default now(),"
                  + " unique (aggregate, seq))");
    }
    AtomicLong rows = new AtomicLong();
    List<Connection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();
    ThreadLocal<PreparedStatement> inserts =
        ThreadLocal.withInitial(
            () -> {
              try {
                Connection c = DriverManager.getConnection(jdbc[0], jdbc[1], jdbc[2]);
                connections.add(c);
                c.setAutoCommit(false);
                return c.prepareStatement(
                    "insert into raw_baseline (aggregate, seq, payload) values (?, ?, ?)");
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    Result raw =
        run(
            threads,
            seconds,
            () -> {
              PreparedStatement insert = inserts.get();
              String aggregate = "raw-" + rows.incrementAndGet();
              for (int seq = 0; seq < 5; seq++) {
                insert.setString(1, aggregate);
                insert.setInt(2, seq);
                insert.setBytes(3, new byte[300]);
                insert.executeUpdate();
                insert.getConnection().commit();
              }
              return 5;
            });
    for (Connection c : connections) {
      c.close();
    }
    return raw;
  }

  /** Waits until the publisher has put every stored event on the topic: each run starts even. */
  private static void drain(DistributedMesh mesh) throws InterruptedException {
    while (mesh.publisherLag() > 0) {
      Thread.sleep(10);
    }
  }

  private static String order(List<Result> chained, List<Result> unchained) {
    return java.util.stream.Stream.of(
            chained.get(0), unchained.get(0), unchained.get(1), chained.get(1))
        .map(r -> String.format("%.0f", r.perSecond()))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** One unit: a new team, then four members added (each loads the team's stream). */
  private static int unit(GovernanceCommands commands, String id) {
    TeamId team = TeamId.of(id);
    commands.send(new RegisterTeamCommand(team, id, DomainName.of("bench")), "alice", null);
    for (int m = 0; m < 4; m++) {
      commands.send(
          new AddTeamMemberCommand(team, PersonId.of("member-" + m), TeamRole.MEMBER),
          "alice",
          null);
    }
    return 5;
  }

  private record Result(long operations, double seconds) {
    double perSecond() {
      return operations / seconds;
    }

    static Result sum(List<Result> results) {
      return new Result(
          results.stream().mapToLong(Result::operations).sum(),
          results.stream().mapToDouble(Result::seconds).sum());
    }
  }

  private interface Unit {
    int run() throws Exception;
  }

  private static Result run(int threads, int seconds, Unit unit) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong operations = new AtomicLong();
    long started = System.nanoTime();
    long deadline = started + seconds * 1_000_000_000L;
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < deadline) {
                  operations.addAndGet(unit.run());
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    double took = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    return new Result(operations.get(), took);
  }
}
