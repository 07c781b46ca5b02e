package io.meshgov.benchmarks;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.domain.DomainEvent;
import io.meshgov.api.lineage.LineageEvent;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.team.TeamEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.query.graph.GraphRebuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.neo4j.driver.Driver;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application's own rebuild ({@code GraphRebuild}: the store read from the start in batches,
 * the graph written as it goes) on a store of {@code events} events, with the heap the JVM keeps
 * alive measured along the way: a full collection at every tenth of the replay, then the heap in
 * use. Flat memory shows as a live set that does not grow with the events done.
 *
 * <p>It starts the embedded default in a temporary folder (H2 store, Neo4j embedded in this JVM),
 * appends {@link SyntheticMesh}'s events to the store through its storage engine (so each gets its
 * hash-chain link, as an event from a command does) in transactions of {@code batch}, lets go of
 * them, and rebuilds. Arguments: {@code events=1000000 seed=7 batch=5000 every=0 rounds=1} (every:
 * events between two rows, 0 for a tenth of them; rounds: rebuilds one after the other, each
 * compared with the baseline, which runs last: with 2 the second rebuild runs in a JVM as warm as
 * the baseline's; each rebuild first deletes the graph in Neo4j, the live feed's, then the previous
 * rebuild's).
 */
public final class RebuildBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int target = Integer.parseInt(options.getOrDefault("events", "1000000"));
    long seed = Long.parseLong(options.getOrDefault("seed", "7"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "5000"));
    int every = Integer.parseInt(options.getOrDefault("every", "0"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
    if (rounds < 1 || rounds > 3) {
      throw new IllegalArgumentException("rounds must be 1, 2 or 3");
    }
    Path dataDir = Files.createTempDirectory("meshgov-rebuild-benchmark");
    int status = 0;
    ConfigurableApplicationContext app = null;
    try {
      app = Scratch.embeddedApplication(dataDir);
      System.out.printf(
          "# meshgov rebuild benchmark, %s, %d cores, Java %s, max heap %d MiB%n%n",
          Instant.now(),
          Runtime.getRuntime().availableProcessors(),
          Runtime.version(),
          Runtime.getRuntime().maxMemory() >> 20);
      long filling = System.nanoTime();
      int stored = fill(app, target, seed, batch);
      double fillSeconds = (System.nanoTime() - filling) / 1e9;
      System.out.printf(
          "Stored %d events in %.0f s (the live graph feed ran beside it).%n%n",
          stored, fillSeconds);

      // the baseline runs in a JVM the rebuild has warmed; with rounds=2 the second rebuild does
      // too (each rebuild first deletes the graph in Neo4j: the live feed's, then the first's)
      List<Double> rebuilds = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        rebuilds.add(rebuild(app, stored, every, round, rounds));
      }

      // the same run's baseline, in the same graph: as many nodes and relationships written bare
      Driver driver = app.getBean(Driver.class);
      long nodes;
      long relationships;
      try (var session = driver.session()) {
        nodes =
            session
                .run(
                    "MATCH (n) WHERE NOT n:ProjectionProgress AND NOT n:GraphPosition"
                        + " AND NOT n:GraphMigration RETURN count(n) AS c")
                .single()
                .get("c")
                .asLong();
        relationships =
            session.run("MATCH ()-[r]->() RETURN count(r) AS c").single().get("c").asLong();
      }
      double raw = RawWrites.seconds(driver, nodes, relationships);
      System.out.println("| what | nodes + relationships | seconds | writes/s | events/s |");
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      for (int round = 1; round <= rounds; round++) {
        double rebuilt = rebuilds.get(round - 1);
        System.out.printf(
            "| the application's rebuild from the store%s, without the heap checks | %d | %.1f |"
                + " %.0f | %.0f |%n",
            rounds == 1 ? "" : " (" + ordinal(round) + ")",
            nodes + relationships,
            rebuilt,
            (nodes + relationships) / rebuilt,
            stored / rebuilt);
      }
      System.out.printf(
          "| raw baseline: UNWIND CREATE of as many, same graph, batches of 5000 | %d | %.1f |"
              + " %.0f | %.0f (same work) |%n",
          nodes + relationships, raw, (nodes + relationships) / raw, stored / raw);
      System.out.println();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf(
            "The %srebuild at %.0f%% of the baseline.%n",
            rounds == 1 ? "" : ordinal(round) + " ", 100 * raw / rebuilds.get(round - 1));
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      status = 1;
    } finally {
      try {
        if (app != null) {
          app.close();
        }
      } finally {
        Scratch.delete(dataDir);
      }
    }
    System.exit(status);
  }

  /**
   * One rebuild with its progress table; returns its seconds without the heap checks' full
   * collections.
   */
  private static double rebuild(
      ConfigurableApplicationContext app, int stored, int every, int round, int rounds) {
    long before = liveHeap();
    System.out.println(
        "## The application's "
            + (rounds == 1 ? "" : ordinal(round) + " ")
            + "rebuild, "
            + stored
            + " events");
    System.out.println();
    System.out.println("| events done | of | events/s so far | heap alive after a full GC, MiB |");
    System.out.println("| ---: | ---: | ---: | ---: |");
    System.out.printf("| 0 | %d | - | %d |%n", stored, before >> 20);
    int step = every > 0 ? every : Math.max(1, stored / 10);
    long[] nextMark = {step};
    // the full collections of the heap column stop the rebuild's threads: their time is
    // reported and taken out of the figure compared with the baseline
    long[] checking = {0};
    GraphRebuild.Report report =
        app.getBean(GraphRebuild.class)
            .rebuild(
                progress -> {
                  if (progress.done() >= nextMark[0] || progress.done() >= progress.total()) {
                    nextMark[0] += step;
                    long checkStarted = System.nanoTime();
                    long alive = liveHeap();
                    checking[0] += System.nanoTime() - checkStarted;
                    System.out.printf(
                        "| %d | %d | %.0f | %d |%n",
                        progress.done(), progress.total(), progress.eventsPerSecond(), alive >> 20);
                  }
                });
    System.out.println();
    double checks = checking[0] / 1e9;
    System.out.printf(
        "Rebuilt %d events in %.1f s: %.0f events/s, the full collections at each row"
            + " included; they took %.1f s; graph checksum %s.%n%n",
        report.events(),
        report.took().toMillis() / 1000.0,
        report.eventsPerSecond(),
        checks,
        report.checksum());

    return report.took().toMillis() / 1000.0 - checks;
  }

  private static String ordinal(int round) {
    return switch (round) {
      case 1 -> "first";
      case 2 -> "second";
      default -> "third";
    };
  }

  /** Appends the synthetic events to the store; returns how many. */
  private static int fill(ConfigurableApplicationContext app, int target, long seed, int batch) {
    EventStorageEngine engine = app.getBean(EventStorageEngine.class);
    TransactionManager transactions = app.getBean(TransactionManager.class);
    List<GovernanceEvent> events = SyntheticMesh.events(target, seed);
    int stored = events.size();
    for (int from = 0; from < stored; from += batch) {
      List<DomainEventMessage<?>> messages = new ArrayList<>();
      for (GovernanceEvent event : events.subList(from, Math.min(stored, from + batch))) {
        messages.add(
            new GenericDomainEventMessage<>(
                type(event.payload()),
                event.aggregateId(),
                event.sequence(),
                event.payload(),
                Map.of(GovernanceMetaData.ACTOR, event.actor()),
                event.id(),
                event.time()));
      }
      transactions.executeInTransaction(() -> engine.appendEvents(messages));
    }
    return stored;
  }

  /** The aggregate type Axon records for an event of the contract. */
  private static String type(Object payload) {
    if (payload instanceof DataProductEvent) {
      return "DataProduct";
    } else if (payload instanceof TeamEvent) {
      return "Team";
    } else if (payload instanceof SubscriptionEvent) {
      return "Subscription";
    } else if (payload instanceof DomainEvent) {
      return "Domain";
    } else if (payload instanceof LineageEvent) {
      return "Observation";
    }
    return payload.getClass().getSimpleName();
  }

  /** The heap in use right after a full collection: what is alive. */
  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
