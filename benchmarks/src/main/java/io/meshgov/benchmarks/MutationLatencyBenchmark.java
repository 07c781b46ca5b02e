package io.meshgov.benchmarks;

import io.meshgov.server.MeshgovApplication;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The latency of one mutation through GraphQL on the embedded default (durable store: a commit
 * reaches the file before it returns): {@code clients} threads together send {@code rate} {@code
 * registerDataProduct} mutations a second, each on a fixed schedule (open loop: a late answer does
 * not delay the next send, and a send's latency counts from when it was due), for {@code seconds}
 * after a warm-up. Beside it, in the same run and at the same rate: a GraphQL query that touches no
 * store (the floor of HTTP, security and GraphQL), and the raw durable commit of a row of the
 * event's size into H2 with the same durability (the floor of the store).
 *
 * <p>Arguments: {@code rate=50 clients=4 seconds=60 warmup=120} ({@code warmup}: seconds of
 * mutations at the same pace before measuring, so that the JIT compilers have compiled what the
 * requests run: on two cores they otherwise take most of a core for the first minutes). The JIT's
 * compilation time during the mutations and during the queries is printed after the table.
 */
public final class MutationLatencyBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "4"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "60"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "120"));
    Path dataDir = Files.createTempDirectory("meshgov-latency-benchmark");
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(MeshgovApplication.class)
            .run("--meshgov.data-dir=" + dataDir, "--server.port=0", "--logging.level.root=WARN");
    int status = 0;
    try {
      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      GraphQlClient client = new GraphQlClient(port, dataDir);
      client.domains("latency");
      String token = client.shortLivedToken("alice", 3600);
      JsonCheck.ok(
          client.query(
              token,
              "mutation { registerTeam(input: {teamId: \"latency-team\", name: \"L\","
                  + " domain: \"latency\"}) { id } }",
              Map.of()));
      String run = UUID.randomUUID().toString().substring(0, 6);
      Request mutation =
          i ->
              JsonCheck.ok(
                  client.query(
                      token,
                      "mutation($id: ID!) { registerDataProduct(input: {productId: $id,"
                          + " owningTeam: \"latency-team\"}) { id position } }",
                      Map.of("id", "latency.p" + run + i)));
      Request query = i -> JsonCheck.ok(client.query(token, "{ __typename }", Map.of()));

      paced(mutation, rate, clients, warmup, 1_000_000);
      var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
      long jitBefore = jit.getTotalCompilationTime();
      double[] mutations = paced(mutation, rate, clients, seconds, 0);
      long jitMutations = jit.getTotalCompilationTime() - jitBefore;
      double[] queries = paced(query, rate, clients, seconds, 0);
      long jitQueries = jit.getTotalCompilationTime() - jitBefore - jitMutations;
      double[] commits = rawCommits(dataDir, rate, clients, seconds);
      System.out.printf(
          "### One mutation through GraphQL, embedded default, %d a second from %d clients, %d s"
              + " each after %d s of warm-up%n%n",
          rate, clients, seconds, warmup);
      System.out.println("| request | samples | p50 ms | p95 ms | p99 ms | max ms |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
      row("registerDataProduct (mutation, durable store)", mutations);
      row("baseline: `{ __typename }` (HTTP, token, GraphQL; no store)", queries);
      row("baseline: raw H2 insert + durable commit of a 1 KiB row", commits);
      System.out.printf(
          "%nJIT compilation during the mutations: %.1f s; during the queries: %.1f s%n",
          jitMutations / 1000.0, jitQueries / 1000.0);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      app.close();
    }
    System.exit(status);
  }

  private interface Request {
    void send(int i) throws Exception;
  }

  /** Checks a GraphQL answer has no errors. */
  private static final class JsonCheck {
    static void ok(com.fasterxml.jackson.databind.JsonNode answer) {
      if (answer.has("errors")) {
        throw new IllegalStateException(answer.toString());
      }
    }
  }

  /**
   * Sends at {@code rate} a second in all from {@code clients} threads for {@code seconds}, each
   * send at its due time; answers each send's latency from its due time, in ms.
   */
  private static double[] paced(Request request, int rate, int clients, int seconds, int offset)
      throws Exception {
    int total = rate * seconds;
    double[] latencies = new double[total];
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> work = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int first = c;
      work.add(
          pool.submit(
              () -> {
                for (int i = first; i < total; i += clients) {
                  long due = start + i * intervalNanos;
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  request.send(offset + i);
                  latencies[i] = (System.nanoTime() - due) / 1e6;
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();
    return latencies;
  }

  /** The same pacing of a raw insert + commit into an H2 file as durable as the store. */
  private static double[] rawCommits(Path dataDir, int rate, int clients, int seconds)
      throws Exception {
    String url =
        "jdbc:h2:file:async:"
            + dataDir.resolve("raw-baseline")
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.createStatement()
          .execute(
              "create table raw_latency (id bigint generated by default as identity primary key,"
                  + " payload varbinary)");
    }
    List<Connection> connections = new ArrayList<>();
    List<PreparedStatement> inserts = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Connection c = DriverManager.getConnection(url, "sa", "");
      c.setAutoCommit(false);
      connections.add(c);
      inserts.add(c.prepareStatement("insert into raw_latency (payload) values (?)"));
    }
    try {
      return paced(
          i -> {
            int client = i % clients;
            synchronized (connections.get(client)) {
              inserts.get(client).setBytes(1, new byte[1024]);
              inserts.get(client).executeUpdate();
              connections.get(client).commit();
            }
          },
          rate,
          clients,
          seconds,
          0);
    } finally {
      for (Connection c : connections) {
        c.close();
      }
    }
  }

  private static void row(String what, double[] latencies) {
    double[] sorted = latencies.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
        what,
        sorted.length,
        pct(sorted, 50),
        pct(sorted, 95),
        pct(sorted, 99),
        sorted[sorted.length - 1]);
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
