package io.meshgov.benchmarks;

import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.lineage.ObservedDataset.ColumnMapping;
import io.meshgov.api.lineage.ObservedDataset.InputField;
import io.meshgov.api.lineage.ObservedDataset.ObservedField;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The graph's share of OpenLineage ingestion alone: the run events {@code LineageIngestBenchmark}
 * sends (two inputs, two outputs with a schema and a column-lineage facet each, {@code jobs} jobs
 * over {@code datasets} datasets), applied by {@code GraphProjector} to embedded Neo4j over Bolt in
 * batches of {@code batch}, after a warm-up of a fifth of them: the most observed runs a second the
 * graph feed can keep up with on this machine, whatever the command side does.
 *
 * <p>Arguments: {@code events=10000 batch=100 jobs=1000 datasets=2000}.
 */
public final class ObservedProjectionBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int events = Integer.parseInt(options.getOrDefault("events", "10000"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "100"));
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "1000"));
    int datasets = Integer.parseInt(options.getOrDefault("datasets", "2000"));
    List<GovernanceEvent> runs = new ArrayList<>(events);
    Instant time = Instant.parse("2026-11-01T00:00:00Z");
    List<ObservedField> schema =
        List.of(new ObservedField("amount", "DECIMAL"), new ObservedField("booked", "TIMESTAMP"));
    for (int i = 0; i < events; i++) {
      int job = i % jobs;
      String a = "topic." + (job * 2) % datasets;
      String b = "topic." + (job * 2 + 1) % datasets;
      List<ColumnMapping> mappings =
          List.of(
              new ColumnMapping(
                  "amount",
                  List.of(
                      new InputField("kafka://broker:9092", a, "amount"),
                      new InputField("kafka://broker:9092", b, "amount"))));
      String run = UUID.randomUUID().toString();
      time = time.plusMillis(10);
      runs.add(
          new GovernanceEvent(
              "evt-" + i,
              "olrun:" + run,
              0,
              i + 1,
              time,
              new RunObservedEvent(
                  run,
                  "COMPLETE",
                  time,
                  "airflow://bench",
                  "job." + job,
                  List.of(
                      new ObservedDataset("kafka://broker:9092", a, null, List.of(), List.of()),
                      new ObservedDataset("kafka://broker:9092", b, null, List.of(), List.of())),
                  List.of(
                      new ObservedDataset(
                          "postgres://db:5432",
                          "table." + (job * 2 + 2) % datasets,
                          schema,
                          mappings,
                          List.of()),
                      new ObservedDataset(
                          "postgres://db:5432",
                          "table." + (job * 2 + 3) % datasets,
                          schema,
                          mappings,
                          List.of())),
                  List.of(),
                  null,
                  null,
                  null),
              "bench",
              null,
              null,
              null));
    }
    var home = Files.createTempDirectory("meshgov-observed-projection");
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      GraphSchema.create(driver);
      GraphProjector projector = new GraphProjector(driver);
      int warm = events / 5;
      for (int from = 0; from < warm; from += batch) {
        projector.apply(runs.subList(from, Math.min(warm, from + batch)));
      }
      long started = System.nanoTime();
      for (int from = warm; from < events; from += batch) {
        projector.apply(runs.subList(from, Math.min(events, from + batch)));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "| observed runs projected alone, batches of %d | %d | %.0f |%n",
          batch, events - warm, (events - warm) / seconds);
    }
    System.exit(0);
  }
}
