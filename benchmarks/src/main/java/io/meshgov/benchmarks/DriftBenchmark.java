package io.meshgov.benchmarks;

import io.meshgov.api.DataProductId;
import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.product.DataProductEvent.DatasetBoundEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.AggregateIds;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import io.meshgov.lineage.query.Neo4jDriftQueries;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * {@code lineageDrift} on a large mesh: {@code products} products (the synthetic mesh of the graph
 * benchmark, 50 domains), each binding one dataset, and {@code jobs} pipeline jobs each reported by
 * one run reading one or two products' datasets and writing another's (one in ten a dataset nobody
 * owns), with observed schemas and ownership claims, all projected into embedded Neo4j; then the
 * drift of one domain, of one team ({@code samples} each) and of the whole mesh ({@code
 * samples}/2), first 200 each, p50/p95 after a warm-up of each question.
 *
 * <p>Arguments: {@code products=10000 jobs=50000 samples=200 seed=7}.
 */
public final class DriftBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int products = Integer.parseInt(options.getOrDefault("products", "10000"));
    int jobs = Integer.parseInt(options.getOrDefault("jobs", "50000"));
    int samples = Integer.parseInt(options.getOrDefault("samples", "200"));
    long seed = Long.parseLong(options.getOrDefault("seed", "7"));
    List<GovernanceEvent> events = new ArrayList<>(SyntheticMesh.events(products * 5, seed));
    Map<String, Long> sequences = new HashMap<>();
    for (GovernanceEvent e : events) {
      sequences.merge(e.aggregateId(), e.sequence(), Math::max);
    }
    Instant clock = events.get(events.size() - 1).time();
    Random random = new Random(seed);
    List<GovernanceEvent> extra = new ArrayList<>();
    int registered = 0;
    for (GovernanceEvent e : events) {
      if (e.payload()
          instanceof io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent) {
        registered++;
      }
    }
    for (int i = 0; i < registered; i++) {
      DataProductId product = DataProductId.of(SyntheticMesh.productId(i));
      clock = clock.plusMillis(10);
      extra.add(
          event(
              events.size() + extra.size() + 1,
              new DatasetBoundEvent(product, "kafka://bench", "ds." + i),
              sequences,
              clock));
    }
    List<ObservedDataset.ObservedField> schema =
        List.of(
            new ObservedDataset.ObservedField("id", "VARCHAR"),
            new ObservedDataset.ObservedField("amount", "DECIMAL"));
    for (int j = 0; j < jobs; j++) {
      clock = clock.plusMillis(10);
      int a = random.nextInt(registered);
      int b = random.nextInt(registered);
      List<ObservedDataset> inputs =
          List.of(new ObservedDataset("kafka://bench", "ds." + a, null, List.of(), List.of()));
      ObservedDataset output =
          random.nextInt(10) == 0
              ? new ObservedDataset("s3://lake", "unowned." + j, null, List.of(), List.of())
              : new ObservedDataset(
                  "kafka://bench",
                  "ds." + b,
                  random.nextInt(5) == 0 ? schema : null,
                  List.of(),
                  random.nextInt(20) == 0 ? List.of("team:someone-else") : List.of());
      extra.add(
          event(
              events.size() + extra.size() + 1,
              new RunObservedEvent(
                  UUID.nameUUIDFromBytes(("run" + j).getBytes()).toString(),
                  "COMPLETE",
                  clock,
                  "airflow://bench",
                  "job." + j,
                  inputs,
                  List.of(output),
                  List.of(),
                  null,
                  null,
                  null),
              sequences,
              clock));
    }
    events.addAll(extra);

    var home = Files.createTempDirectory("meshgov-drift-benchmark");
    try (EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
        Driver driver = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none())) {
      GraphSchema.create(driver);
      GraphProjector projector = new GraphProjector(driver);
      long started = System.nanoTime();
      for (int from = 0; from < events.size(); from += 5000) {
        projector.apply(events.subList(from, Math.min(events.size(), from + 5000)));
      }
      double built = (System.nanoTime() - started) / 1e9;
      Neo4jDriftQueries drift = new Neo4jDriftQueries(driver);
      Instant staleBefore = clock.minusSeconds(3600);
      // warm-up of each question: the whole mesh's statements are other statements (no scope
      // parameter), planned at their first run, which no sample should count
      for (int i = 0; i < 20; i++) {
        drift.drift("d" + (i % 50), null, null, null, staleBefore, 200);
        drift.drift(null, "team-" + i, null, null, staleBefore, 200);
        drift.drift(null, null, null, null, staleBefore, 200);
      }
      double[] domain = new double[samples];
      double[] team = new double[samples];
      double[] whole = new double[Math.max(1, samples / 2)];
      int found = 0;
      for (int i = 0; i < samples; i++) {
        long t0 = System.nanoTime();
        found += drift.drift("d" + random.nextInt(50), null, null, null, staleBefore, 200).size();
        domain[i] = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        drift.drift(
            null,
            "team-" + random.nextInt(Math.max(2, registered / 40)),
            null,
            null,
            staleBefore,
            200);
        team[i] = (System.nanoTime() - t0) / 1e6;
      }
      for (int i = 0; i < whole.length; i++) {
        long t0 = System.nanoTime();
        drift.drift(null, null, null, null, staleBefore, 200);
        whole[i] = (System.nanoTime() - t0) / 1e6;
      }
      System.out.printf(
          "### lineageDrift, %d products, %d jobs (%d events projected in %.0f s)%n%n",
          registered, jobs, events.size(), built);
      System.out.println("| question | p50 ms | p95 ms |");
      System.out.println("| --- | ---: | ---: |");
      System.out.printf(
          "| one domain (of 50), first 200 | %.1f | %.1f |%n", pct(domain, 50), pct(domain, 95));
      System.out.printf(
          "| one team (of %d), first 200 | %.1f | %.1f |%n",
          Math.max(2, registered / 40), pct(team, 50), pct(team, 95));
      System.out.printf(
          "| the whole mesh, first 200 | %.1f | %.1f |%n", pct(whole, 50), pct(whole, 95));
      System.out.printf("%n%.0f findings per domain on average.%n", found / (double) samples);
    }
    System.exit(0);
  }

  private static GovernanceEvent event(
      long position, Object payload, Map<String, Long> sequences, Instant at) {
    String aggregate = AggregateIds.of(payload);
    long sequence = sequences.merge(aggregate, 0L, (old, zero) -> old + 1);
    return new GovernanceEvent(
        "evt-" + position, aggregate, sequence, position, at, payload, "bench", null, null, null);
  }

  private static double pct(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
