package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.lineage.LineageEvent.DatasetObservedEvent;
import io.meshgov.api.lineage.LineageEvent.JobObservedEvent;
import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.lineage.ObservedDataset.ColumnMapping;
import io.meshgov.api.lineage.ObservedDataset.InputField;
import io.meshgov.api.lineage.ObservedDataset.ObservedField;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphProjector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

/**
 * Observed lineage is reduced per batch before it is written (each job, dataset, flow and mapping
 * once): the graph ends the same whatever the order, the batching and the repetition of the
 * reports, and keeps the earliest and the newest of each by the pipeline's event time, not by the
 * order the reports arrived in.
 */
class ObservedOrderTest {

  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  private static ObservedDataset in(String name) {
    return new ObservedDataset("kafka://bus", name, null, List.of(), List.of());
  }

  private static ObservedDataset out(String name, List<String> fields, List<String> owners) {
    return new ObservedDataset(
        "postgres://db",
        name,
        fields.stream().map(f -> new ObservedField(f, "string")).toList(),
        List.of(
            new ColumnMapping(
                "amount",
                List.of(
                    new InputField("kafka://bus", "orders", "amount"),
                    new InputField("kafka://bus", "refunds", "amount")))),
        owners);
  }

  private static RunObservedEvent run(
      String run, String state, int minute, List<String> jobOwners, ObservedDataset output) {
    return new RunObservedEvent(
        run,
        state,
        T.plusSeconds(60L * minute),
        "airflow://etl",
        "settle",
        List.of(in("orders"), in("refunds")),
        List.of(output),
        jobOwners,
        null,
        null,
        null);
  }

  /**
   * Reports whose event times run against their positions: the newest report (minute 9) comes
   * second, the oldest (minute 1) last; the newest claim of owners is not in the newest report.
   */
  private static List<GovernanceEvent> reports() {
    EventLog log = new EventLog();
    String a = "7a8c3c1e-0000-4000-8000-000000000001";
    String b = "7a8c3c1e-0000-4000-8000-000000000002";
    String c = "7a8c3c1e-0000-4000-8000-000000000003";
    log.add(run(a, "START", 5, List.of("team-a"), out("ledger", List.of("id"), List.of())));
    log.add(
        run(b, "COMPLETE", 9, List.of(), out("ledger", List.of("id", "amount"), List.of("ops"))));
    log.add(run(a, "COMPLETE", 6, List.of("team-b"), out("ledger", List.of("old"), List.of())));
    log.add(
        new JobObservedEvent(
            T.plusSeconds(60L * 3),
            "airflow://etl",
            "settle",
            List.of(in("orders")),
            List.of(),
            List.of(),
            null,
            null,
            null));
    log.add(
        new DatasetObservedEvent(
            T.plusSeconds(60L * 7),
            new ObservedDataset(
                "postgres://db", "ledger", null, List.of(), List.of("finance", "ops")),
            null,
            null,
            null));
    log.add(run(c, "FAIL", 1, List.of("team-c"), out("ledger", List.of("first"), List.of())));
    return log.events();
  }

  private static Map<String, Object> graph(Driver driver) {
    Map<String, Object> state = new TreeMap<>();
    try (var session = driver.session()) {
      session
          .run(
              """
              MATCH (n) WHERE n:Job OR n:Dataset OR n:FieldMapping
              OPTIONAL MATCH (n)-[r]->(m)
              RETURN n, collect([type(r), m.id, properties(r)]) AS out
              """)
          .forEachRemaining(
              r -> {
                var n = r.get("n").asNode();
                List<String> edges = new ArrayList<>();
                for (var e : r.get("out").asList(v -> v.asList(x -> x.asObject()))) {
                  edges.add(String.valueOf(e));
                }
                Collections.sort(edges);
                state.put(
                    n.labels() + " " + n.get("id").asString(),
                    List.of(new TreeMap<>(n.asMap()), edges));
              });
    }
    return state;
  }

  private static Map<String, Object> applied(List<List<GovernanceEvent>> batches) {
    Driver driver = Neo4jTestServer.freshGraph();
    GraphProjector projector = new GraphProjector(driver);
    for (List<GovernanceEvent> batch : batches) {
      projector.apply(batch);
    }
    return graph(driver);
  }

  @Test
  void any_order_batching_or_repetition_of_the_reports_ends_in_the_same_graph() {
    List<GovernanceEvent> reports = reports();
    Map<String, Object> together = applied(List.of(reports));

    List<List<GovernanceEvent>> backwards = new ArrayList<>();
    for (int i = reports.size() - 1; i >= 0; i--) {
      backwards.add(List.of(reports.get(i)));
    }
    assertThat(applied(backwards)).isEqualTo(together);

    Random random = new Random(7);
    for (int round = 0; round < 3; round++) {
      List<GovernanceEvent> twice = new ArrayList<>(reports);
      twice.addAll(reports);
      Collections.shuffle(twice, random);
      List<List<GovernanceEvent>> batches = new ArrayList<>();
      for (int i = 0; i < twice.size(); i += 1 + round) {
        batches.add(twice.subList(i, Math.min(twice.size(), i + 1 + round)));
      }
      assertThat(applied(batches)).isEqualTo(together);
    }
  }

  @Test
  void the_newest_report_of_each_fact_wins_by_event_time() {
    Driver driver = Neo4jTestServer.freshGraph();
    new GraphProjector(driver).apply(reports());
    try (var session = driver.session()) {
      var job = session.run("MATCH (j:Job) RETURN j").single().get("j").asNode();
      assertThat(job.get("firstSeen").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());
      assertThat(job.get("lastSeen").asLong()).isEqualTo(T.plusSeconds(60L * 9).toEpochMilli());
      // the newest report naming owners (minute 6), not the newest report (minute 9, none)
      assertThat(job.get("owners").asList()).containsExactly("team-b");

      var ledger =
          session.run("MATCH (d:Dataset {name: 'ledger'}) RETURN d").single().get("d").asNode();
      assertThat(ledger.get("observedSchema").asString()).contains("\"amount\"");
      assertThat(ledger.get("firstSeen").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());
      // the run at minute 9 claims ops, the dataset event at minute 7 finance and ops
      assertThat(ledger.get("claimedOwners").asList()).containsExactly("ops");

      var write =
          session
              .run("MATCH (:Job)-[w:WRITES]->(:Dataset {name: 'ledger'}) RETURN w")
              .single()
              .get("w")
              .asRelationship();
      assertThat(write.get("lastRun").asString()).endsWith("0002");
      assertThat(write.get("lastState").asString()).isEqualTo("COMPLETE");
      assertThat(write.get("since").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());

      var reads =
          session
              .run("MATCH (:Job)-[r:READS]->(d:Dataset {name: 'orders'}) RETURN r")
              .single()
              .get("r")
              .asRelationship();
      // the job event (minute 3) read orders too, but the runs at minutes 1 and 9 bound it
      assertThat(reads.get("since").asLong()).isEqualTo(T.plusSeconds(60).toEpochMilli());
      assertThat(reads.get("lastSeen").asLong()).isEqualTo(T.plusSeconds(60L * 9).toEpochMilli());

      assertThat(
              session
                  .run(
                      "MATCH (s:Dataset)-[:MAPS]->(m:FieldMapping)-[:INTO]->(:Dataset {name:"
                          + " 'ledger'}) RETURN count(m) AS n, min(m.since) AS since")
                  .single()
                  .asMap())
          .containsEntry("n", 2L)
          .containsEntry("since", T.plusSeconds(60).toEpochMilli());
      // observed runs keep no progress node: the statement itself makes repeats harmless
      assertThat(
              session
                  .run("MATCH (p:ProjectionProgress) RETURN count(p) AS n")
                  .single()
                  .get("n")
                  .asLong())
          .isZero();
    }
  }
}
