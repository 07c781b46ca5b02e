package io.meshgov.lineage.projection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Values;

/**
 * Applies events to the lineage graph, a batch per Neo4j transaction, idempotently.
 *
 * <p>The graph remembers, per aggregate, the sequence number of the last event it applied ({@code
 * ProjectionProgress}) and, for the whole graph, the highest position applied. An event at or below
 * the remembered sequence changes nothing; an event beyond the next expected one is a gap and fails
 * the batch ({@link ProjectionGapException}) so it is delivered again rather than lost. Inside a
 * batch, events are put in position order first, so duplicates and reorderings within a batch are
 * harmless.
 *
 * <p>Speed: only the order within one aggregate matters (every statement touches the state of the
 * event's own aggregate and merely merges the nodes it names of others). The batch is therefore cut
 * into waves, wave k holding the k-th new event of each aggregate, and each wave runs one {@code
 * UNWIND} statement per event type: a rebuild costs a few round trips per thousand events.
 */
public final class GraphProjector {

  private final Driver driver;

  public GraphProjector(Driver driver) {
    this.driver = driver;
  }

  /** The outcome of one batch: how many events changed the graph and how many were repeats. */
  public record BatchResult(int applied, int skipped, long position) {}

  public BatchResult apply(List<GraphEvent> batch) {
    if (batch.isEmpty()) {
      return new BatchResult(0, 0, position());
    }
    List<GraphEvent> ordered =
        batch.stream()
            .filter(e -> EventStatements.knows(e.payload().getClass()))
            .sorted(
                Comparator.comparingLong(GraphEvent::position)
                    .thenComparingLong(GraphEvent::sequence))
            .toList();
    int unknown = batch.size() - ordered.size();
    try (var session = driver.session()) {
      return session.executeWrite(tx -> applyIn(tx, ordered, unknown));
    }
  }

  private BatchResult applyIn(TransactionContext tx, List<GraphEvent> ordered, int unknown) {
    Map<String, Long> last = lastApplied(tx, ordered);
    List<List<GraphEvent>> waves = new ArrayList<>();
    Map<String, Integer> waveOf = new HashMap<>();
    int skipped = unknown;
    long maxPosition = -1;
    for (GraphEvent event : ordered) {
      long expected = last.getOrDefault(event.aggregateId(), -1L) + 1;
      if (event.sequence() < expected) {
        skipped++;
        continue;
      }
      if (event.sequence() > expected) {
        throw new ProjectionGapException(event.aggregateId(), expected - 1, event.sequence());
      }
      last.put(event.aggregateId(), event.sequence());
      int wave = waveOf.merge(event.aggregateId(), 1, Integer::sum) - 1;
      while (waves.size() <= wave) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(event);
      maxPosition = Math.max(maxPosition, event.position());
    }
    int applied = 0;
    for (List<GraphEvent> wave : waves) {
      Map<Class<?>, List<Map<String, Object>>> byType = new LinkedHashMap<>();
      for (GraphEvent event : wave) {
        byType
            .computeIfAbsent(event.payload().getClass(), t -> new ArrayList<>())
            .add(EventStatements.row(event));
      }
      for (var entry : byType.entrySet()) {
        tx.run(
                EventStatements.of(entry.getKey()).cypher(),
                Values.parameters("rows", entry.getValue()))
            .consume();
        applied += entry.getValue().size();
      }
    }
    if (applied > 0) {
      remember(tx, waveOf.keySet(), last, maxPosition);
    }
    long position = Math.max(maxPosition, readPosition(tx));
    return new BatchResult(applied, skipped, position);
  }

  private static Map<String, Long> lastApplied(TransactionContext tx, List<GraphEvent> events) {
    List<String> ids = events.stream().map(GraphEvent::aggregateId).distinct().toList();
    Map<String, Long> last = new HashMap<>();
    tx.run(
            """
            UNWIND $ids AS id
            MATCH (p:ProjectionProgress {id: id})
            RETURN p.id AS id, p.sequence AS sequence
            """,
            Values.parameters("ids", ids))
        .forEachRemaining(r -> last.put(r.get("id").asString(), r.get("sequence").asLong()));
    return last;
  }

  private static void remember(
      TransactionContext tx, Iterable<String> aggregates, Map<String, Long> last, long position) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String aggregate : aggregates) {
      rows.add(Map.of("id", aggregate, "sequence", last.get(aggregate)));
    }
    tx.run(
            """
            UNWIND $rows AS row
            MERGE (p:ProjectionProgress {id: row.id})
            SET p.sequence = row.sequence
            WITH count(*) AS done
            MERGE (g:ProjectionProgress {id: '$graph'})
            SET g.position = CASE WHEN coalesce(g.position, -1) < $position
                                  THEN $position ELSE g.position END
            """,
            Values.parameters("rows", rows, "position", position))
        .consume();
  }

  private static long readPosition(TransactionContext tx) {
    var result =
        tx.run("MATCH (g:ProjectionProgress {id: '$graph'}) RETURN g.position AS position");
    return result.hasNext() ? result.next().get("position").asLong(-1) : -1;
  }

  /** The highest global position the graph has applied, -1 when it is empty. */
  public long position() {
    try (var session = driver.session()) {
      return session.executeRead(GraphProjector::readPosition);
    }
  }

  /** Deletes the whole graph, in chunks so a large graph does not need one huge transaction. */
  public void dropAll() {
    try (var session = driver.session()) {
      session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
    }
  }
}
