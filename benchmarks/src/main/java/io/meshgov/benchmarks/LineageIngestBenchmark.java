package io.meshgov.benchmarks;

import io.meshgov.server.MeshgovApplication;
import io.meshgov.testsupport.GraphQlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Sustained OpenLineage ingestion over HTTP ({@code POST /api/v1/lineage}), on the embedded default
 * ({@code store=embedded}) or on the PostgreSQL server at 127.0.0.1:5432 ({@code store=postgres}, a
 * database of its own, dropped at the end): run events with two inputs, two outputs and a
 * column-lineage facet each, from {@code clients} threads, reported as events/s beside the raw
 * baseline of the same run (the same number of threads inserting a row of the same size per event
 * and committing, into the same kind of database), with the heap measured after a full collection
 * every tenth of the run. The graph is fed while the events arrive; the run also reports how long
 * after the last answer the graph had every event, and the events per second counted to that point
 * (what the mesh can take for as long as it lasts without the graph falling further behind).
 *
 * <p>Arguments: {@code store=embedded events=20000 warmup=10000 clients=4 jobs=1000 datasets=2000
 * batch=1} ({@code batch} above 1: the back-fill form, {@code /api/v1/lineage/batch}, that many
 * events a request, each batch one transaction). The {@code warmup} events are sent first and the
 * graph given time to have them all, not counted: on two cores the JIT compiling the graph's code
 * takes most of a core for a minute, which is start-up, not what the mesh sustains. With {@code
 * -Dbench.catchup=true} the graph's position is printed once a second while it catches up.
 */
public final class LineageIngestBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    String store = options.getOrDefault("store", "embedded");
    int events = Integer.parseInt(options.getOrDefault("events", "20000"));
    int clients = Integer.parseInt(options.getOrDefault("clients", "4"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "1"));
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "1000"));
    int datasets = Integer.parseInt(options.getOrDefault("datasets", "2000"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "10000"));
    Path dataDir = Files.createTempDirectory("meshgov-ingest-benchmark");
    String database = "meshgov_ingest_" + UUID.randomUUID().toString().substring(0, 8);
    List<String> appArgs =
        new ArrayList<>(
            List.of(
                "--meshgov.data-dir=" + dataDir, "--server.port=0", "--logging.level.root=WARN"));
    SpringApplicationBuilder builder = new SpringApplicationBuilder(MeshgovApplication.class);
    if (store.equals("postgres")) {
      try (Connection admin =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
        admin.createStatement().execute("create database " + database);
      }
      appArgs.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database);
      builder.profiles("postgres");
    }
    ConfigurableApplicationContext app = builder.run(appArgs.toArray(String[]::new));
    int status = 0;
    try {
      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      String token = new GraphQlClient(port, dataDir).shortLivedToken("airflow", 3600);
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/lineage");
      int sampleBytes = event(0, jobs, datasets).length();

      // warm-up, not counted: the command path and the graph both, so the run measures the steady
      // state and not the JIT compiling Neo4j's runtime (on two cores that takes a core for a
      // minute)
      var projector = app.getBean(io.meshgov.lineage.projection.GraphProjector.class);
      var jdbc = app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
      send(http, uri, token, warmup, clients, jobs, datasets, new long[0], batch);
      catchUp(projector, jdbc);
      long[] heap = new long[11];
      if (Boolean.getBoolean("bench.catchup")) {
        System.out.println("warmed up, measuring from " + Instant.now());
      }
      long started = System.nanoTime();
      send(http, uri, token, events, clients, jobs, datasets, heap, batch);
      double seconds = (System.nanoTime() - started - MEASURING.get()) / 1e9;
      // sustained means the graph keeps up: how long after the last answer it has every event
      double catchUp = catchUp(projector, jdbc);

      double raw = rawBaseline(store, dataDir, database, events, clients, sampleBytes);
      System.out.printf(
          "### OpenLineage ingestion, %s store, %d events, %d clients, %s%n%n",
          store,
          events,
          clients,
          batch == 1 ? "one event a request" : batch + " events a batch request");
      System.out.println("| run | events/s |");
      System.out.println("| --- | ---: |");
      System.out.printf(
          "| meshgov: POST /api/v1/lineage%s (2 inputs, 2 outputs, column lineage; %d bytes each)"
              + " | %.0f |%n",
          batch == 1 ? "" : "/batch, " + batch + " events a request,",
          sampleBytes,
          events / seconds);
      System.out.printf(
          "| the same events in the lineage graph (sending until the graph had them all) | %.0f |%n",
          events / (seconds + catchUp));
      System.out.printf(
          "| raw baseline: JDBC insert of a %d-byte row + commit per event, %d threads | %.0f |%n",
          sampleBytes, clients, raw);
      StringBuilder heaps = new StringBuilder();
      for (long h : heap) {
        if (h == 0) {
          continue; // a slot the run did not reach
        }
        heaps.append(heaps.isEmpty() ? "" : ", ").append(h / (1024 * 1024));
      }
      System.out.printf(
          "%nmeshgov reached %.0f%% of the raw baseline. The graph had every event %.1f s after the"
              + " last answer (the sending took %.1f s). Heap after a full GC at each tenth of the"
              + " run (MiB): %s.%n",
          100 * (events / seconds) / raw, catchUp, seconds, heaps);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      app.close();
      if (store.equals("postgres")) {
        try (Connection admin =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
          admin.createStatement().execute("drop database if exists " + database + " with (force)");
        }
      }
    }
    System.exit(status);
  }

  /**
   * Nanoseconds the run spent in its own full collections (the heap's measure): they stop every
   * thread, so they are taken off the sending's time.
   */
  private static final java.util.concurrent.atomic.AtomicLong MEASURING =
      new java.util.concurrent.atomic.AtomicLong();

  /** Waits until the graph has every stored event; the seconds it took. */
  private static double catchUp(
      io.meshgov.lineage.projection.GraphProjector projector,
      org.springframework.jdbc.core.JdbcTemplate jdbc)
      throws InterruptedException {
    long stored =
        jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    long behind = System.nanoTime();
    long lastPrint = System.nanoTime();
    while (projector.position() < stored) {
      Thread.sleep(50);
      if (Boolean.getBoolean("bench.catchup") && System.nanoTime() - lastPrint > 1_000_000_000L) {
        lastPrint = System.nanoTime();
        System.out.println("graph at " + projector.position() + " of " + stored);
      }
    }
    return (System.nanoTime() - behind) / 1e9;
  }

  /** A run event: job {@code i % jobs}, two inputs and two outputs, a mapping per output field. */
  static String event(int i, int jobs, int datasets) {
    int job = i % jobs;
    int a = (job * 2) % datasets;
    int b = (job * 2 + 1) % datasets;
    int c = (job * 2 + 2) % datasets;
    int d = (job * 2 + 3) % datasets;
    String mapping =
        "{\"inputFields\": [{\"namespace\": \"kafka://broker:9092\", \"name\": \"topic.%d\","
            + " \"field\": \"amount\"}, {\"namespace\": \"kafka://broker:9092\","
            + " \"name\": \"topic.%d\", \"field\": \"amount\"}]}";
    String output =
        "{\"namespace\": \"postgres://db:5432\", \"name\": \"table.%d\", \"facets\": {"
            + "\"schema\": {\"_producer\": \"bench\", \"_schemaURL\": \"bench\", \"fields\": ["
            + "{\"name\": \"amount\", \"type\": \"DECIMAL\"}, {\"name\": \"booked\","
            + " \"type\": \"TIMESTAMP\"}]},"
            + "\"columnLineage\": {\"_producer\": \"bench\", \"_schemaURL\": \"bench\","
            + " \"fields\": {\"amount\": "
            + mapping
            + "}}}}";
    return ("{\"eventType\": \"COMPLETE\", \"eventTime\": \"%s\","
            + " \"run\": {\"runId\": \"%s\"},"
            + " \"job\": {\"namespace\": \"airflow://bench\", \"name\": \"job.%d\"},"
            + " \"inputs\": [{\"namespace\": \"kafka://broker:9092\", \"name\": \"topic.%d\"},"
            + " {\"namespace\": \"kafka://broker:9092\", \"name\": \"topic.%d\"}],"
            + " \"outputs\": ["
            + output
            + ", "
            + output
            + "],"
            + " \"producer\": \"https://example.org/bench\","
            + " \"schemaURL\": \"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}")
        .formatted(Instant.now(), UUID.randomUUID(), job, a, b, c, a, b, d, a, b);
  }

  private static void send(
      HttpClient http,
      URI uri,
      String token,
      int events,
      int clients,
      int jobs,
      int datasets,
      long[] heap,
      int batch)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger measured = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndAdd(batch); i < events; i = next.getAndAdd(batch)) {
                  String body;
                  URI target = uri;
                  if (batch == 1) {
                    body = event(i, jobs, datasets);
                  } else {
                    // the back-fill form: a JSON array, recorded in one transaction
                    StringBuilder array = new StringBuilder("[");
                    for (int e = i; e < Math.min(events, i + batch); e++) {
                      array.append(e == i ? "" : ",").append(event(e, jobs, datasets));
                    }
                    body = array.append(']').toString();
                    target = URI.create(uri + "/batch");
                  }
                  HttpResponse<String> answer =
                      http.send(
                          HttpRequest.newBuilder(target)
                              .header("Content-Type", "application/json")
                              .header("Authorization", "Bearer " + token)
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (answer.statusCode() != 200) {
                    throw new IllegalStateException(answer.statusCode() + " " + answer.body());
                  }
                  int tenth = Math.max(1, events / 10);
                  if (heap.length > 0 && i / tenth != (i + batch - 1) / tenth
                      || heap.length > 0 && i % tenth == 0) {
                    int slot = Math.min(heap.length - 1, measured.getAndIncrement());
                    long gc = System.nanoTime();
                    System.gc();
                    MEASURING.addAndGet(System.nanoTime() - gc);
                    Runtime r = Runtime.getRuntime();
                    heap[slot] = r.totalMemory() - r.freeMemory();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /** The same threads inserting a row of the event's size and committing, per event. */
  private static double rawBaseline(
      String store, Path dataDir, String database, int events, int clients, int bytes)
      throws Exception {
    String url =
        store.equals("postgres")
            ? "jdbc:postgresql://127.0.0.1:5432/" + database
            // as durable as the embedded store: a commit reaches the file before it returns
            : "jdbc:h2:file:async:"
                + dataDir.resolve("raw-baseline")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    String user = store.equals("postgres") ? "postgres" : "sa";
    try (Connection c = DriverManager.getConnection(url, user, "")) {
      c.createStatement()
          .execute(
              "create table raw_ingest (id bigint generated by default as identity primary key,"
                  + " run varchar(64), payload "
                  + (store.equals("postgres") ? "bytea" : "varbinary")
                  + ")");
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    long started = System.nanoTime();
    for (int t = 0; t < clients; t++) {
      done.add(
          pool.submit(
              () -> {
                try (Connection c = DriverManager.getConnection(url, user, "")) {
                  c.setAutoCommit(false);
                  PreparedStatement insert =
                      c.prepareStatement("insert into raw_ingest (run, payload) values (?, ?)");
                  for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, new byte[bytes]);
                    insert.executeUpdate();
                    c.commit();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    return events / ((System.nanoTime() - started) / 1e9);
  }
}
