package io.meshgov.lineage.projection;

import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.neo4j.driver.Driver;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Applies events to the lineage graph, a batch per Neo4j transaction, idempotently.
 *
 * <p>The graph remembers, per aggregate, the sequence number of the last event it applied ({@code
 * ProjectionProgress}) and, for the whole graph, the highest position applied ({@code
 * GraphPosition}). An event at or below the remembered sequence changes nothing; an event beyond
 * the next expected one is a gap and fails the batch ({@link ProjectionGapException}) so it is
 * delivered again rather than lost. Inside a batch, events are put in position order first, so
 * duplicates and reorderings within a batch are harmless.
 *
 * <p>An event the graph refuses (a statement that fails for a reason retrying will not cure) parks
 * its aggregate: the aggregate is recorded with the event's position and the error ({@code
 * ParkedAggregate}), its later events are skipped, and every other aggregate goes on. One bad event
 * therefore never stops the feed for everyone; health and a metric report parked aggregates until a
 * rebuild (with a fixed projector) applies them again.
 *
 * <p>Speed: only the order within one aggregate matters (every statement touches the state of the
 * event's own aggregate and merely merges the nodes it names of others). The batch is therefore cut
 * into waves, wave k holding the k-th new event of each aggregate, and each wave runs one {@code
 * UNWIND} statement per event type: a rebuild costs a few round trips per thousand events. Observed
 * lineage, which ends the same in any order, is reduced for the whole batch and written by one
 * statement after the waves ({@link ObservedStatements}).
 */
public final class GraphProjector {

  private final Driver driver;
  private final Consumer<Applied> listener;

  /**
   * What one commit applied: its events in position order and the inbox items they created (each an
   * {@code InboxItem} node's properties).
   */
  public record Applied(List<GovernanceEvent> events, List<Map<String, Object>> inboxItems) {}

  /**
   * @throws IllegalStateException when an event type of the contract has no graph statement (and is
   *     not explicitly ignored): fails at start-up instead of parking every such event later
   */
  public GraphProjector(Driver driver) {
    this(driver, applied -> {});
  }

  /**
   * @param listener told, after each commit, what the graph has just applied; for live updates. It
   *     runs on the feeding thread: it must be quick and must not throw.
   */
  public GraphProjector(Driver driver, Consumer<Applied> listener) {
    EventStatements.requireComplete(GovernanceCloudEvents.eventTypes().values());
    this.driver = driver;
    this.listener = listener;
  }

  /**
   * The outcome of one batch: how many events were applied and how many were skipped as repeats.
   * Observed lineage (OpenLineage reports) keeps no progress, its statement makes a repeat change
   * nothing: it counts as applied at every delivery.
   */
  public record BatchResult(int applied, int skipped, long position) {}

  /**
   * An aggregate whose events the graph could not apply: the first event that failed, where it
   * stands in the store, and why. Its later events are skipped until the graph is rebuilt.
   */
  public record ParkedAggregate(
      String aggregateId, long sequence, long position, String eventType, String error) {}

  /**
   * Applies a batch in one transaction; when the graph refuses it, applies it again event by event
   * and parks the aggregates whose events fail. Connection failures, transient errors and gaps
   * still fail the batch, to be delivered again.
   */
  public BatchResult apply(List<GovernanceEvent> batch) {
    return apply(batch, true).result();
  }

  /** What {@link #applyLeavingInbox} applied, and the events whose inbox items are still due. */
  public record WithInboxDue(BatchResult result, List<GovernanceEvent> inboxDue) {}

  /**
   * As {@link #apply(List)} with nobody told (a rebuild replays history nobody should be told of
   * again), and the batch's transaction leaves the inbox items out: the caller delivers them with
   * {@link #deliverInbox}, after this returns, in a transaction of their own that may run beside
   * the next batch's (a rebuild does, on the second core). That gives everyone the same items: an
   * inbox statement asks who was concerned as of its event's position, and later batches only add
   * what starts later or end what held at a later position; the properties it reads besides never
   * change once written; and the items are nodes of their own that no graph statement touches.
   */
  public WithInboxDue applyLeavingInbox(List<GovernanceEvent> batch) {
    return apply(batch, false);
  }

  /**
   * Delivers the inbox items of the events {@link #applyLeavingInbox} handed over, in one
   * transaction, returning nothing (the quiet statements). When the graph refuses a statement,
   * delivers event by event and leaves out the items of an event whose delivery fails (its graph
   * part is applied already); returns how many events that was.
   */
  public int deliverInbox(List<GovernanceEvent> due) {
    if (due.isEmpty()) {
      return 0;
    }
    try {
      deliverQuietly(due);
      return 0;
    } catch (RuntimeException e) {
      if (!cannotApply(e)) {
        throw e;
      }
    }
    int failed = 0;
    for (GovernanceEvent event : due) {
      try {
        deliverQuietly(List.of(event));
      } catch (RuntimeException e) {
        if (!cannotApply(e)) {
          throw e;
        }
        failed++;
      }
    }
    return failed;
  }

  private void deliverQuietly(List<GovernanceEvent> due) {
    try (var session = driver.session()) {
      session.executeWrite(
          tx -> {
            for (var entry : InboxStatements.rows(due).entrySet()) {
              tx.run(entry.getKey().quietCypher(), Values.parameters("rows", entry.getValue()))
                  .consume();
            }
            return null;
          });
    }
  }

  /**
   * {@code told}: the inbox items are delivered in the batch's transaction, returned and told to
   * the listener; otherwise they are left to the caller ({@link #deliverInbox}) and nobody is told.
   */
  private WithInboxDue apply(List<GovernanceEvent> batch, boolean told) {
    if (batch.isEmpty()) {
      return new WithInboxDue(new BatchResult(0, 0, position()), List.of());
    }
    // every event counts in its aggregate's sequence, whatever its type: one without a statement
    // (not of the contract) parks its aggregate below instead of leaving a gap
    List<GovernanceEvent> ordered =
        batch.stream()
            .sorted(
                Comparator.comparingLong(GovernanceEvent::position)
                    .thenComparingLong(GovernanceEvent::sequence))
            .toList();
    try {
      return write(ordered, told);
    } catch (RuntimeException e) {
      if (!cannotApply(e)) {
        throw e;
      }
      return applyOneByOne(ordered, told);
    }
  }

  private WithInboxDue write(List<GovernanceEvent> ordered, boolean told) {
    List<GovernanceEvent> applied = new ArrayList<>();
    List<GovernanceEvent> repeats = new ArrayList<>();
    List<Map<String, Object>> items = new ArrayList<>();
    BatchResult result;
    try (var session = driver.session()) {
      result =
          session.executeWrite(
              tx -> {
                applied.clear(); // a retried transaction starts again
                repeats.clear();
                items.clear();
                return applyIn(tx, ordered, told, applied, repeats, items);
              });
    }
    if (told && !applied.isEmpty()) {
      try {
        listener.accept(new Applied(List.copyOf(applied), List.copyOf(items)));
      } catch (RuntimeException e) {
        // live updates are a courtesy: the graph has the events whatever a listener does
      }
    }
    if (told) {
      return new WithInboxDue(result, List.of());
    }
    // a transaction retried after a commit whose answer was lost finds its events applied: they
    // are repeats then, whose items are still due (delivering an item twice adds nothing)
    List<GovernanceEvent> due = new ArrayList<>(applied);
    due.addAll(repeats);
    due.sort(Comparator.comparingLong(GovernanceEvent::position));
    return new WithInboxDue(result, due);
  }

  private WithInboxDue applyOneByOne(List<GovernanceEvent> ordered, boolean told) {
    int applied = 0;
    int skipped = 0;
    long position = -1;
    List<GovernanceEvent> due = new ArrayList<>();
    for (GovernanceEvent event : ordered) {
      try {
        WithInboxDue one = write(List.of(event), told);
        applied += one.result().applied();
        skipped += one.result().skipped();
        position = Math.max(position, one.result().position());
        due.addAll(one.inboxDue());
      } catch (RuntimeException e) {
        if (!cannotApply(e)) {
          throw e;
        }
        park(event, e);
        skipped++;
        position = Math.max(position, event.position());
      }
    }
    return new WithInboxDue(new BatchResult(applied, skipped, Math.max(position, position())), due);
  }

  /**
   * Whether a failure lies in the event rather than in the connection: the graph refused a
   * statement (constraint, type, ...) or the event could not be turned into a row. Gaps, transient
   * errors and an unreachable server are not the event's fault.
   */
  private static boolean cannotApply(RuntimeException e) {
    if (e instanceof ProjectionGapException) {
      return false;
    }
    if (e instanceof Neo4jException) {
      // the graph refused the statement; a failure of the server itself is not the event's fault
      return e instanceof ClientException;
    }
    // turning the event into a row failed: that fails again on every delivery
    return true;
  }

  private void park(GovernanceEvent event, RuntimeException failure) {
    String error =
        (failure instanceof Neo4jException neo4j ? neo4j.code() + ": " : "") + firstLine(failure);
    try (var session = driver.session()) {
      session.executeWrite(
          tx ->
              tx.run(
                      """
                      MERGE (k:ParkedAggregate {id: $id})
                      ON CREATE SET k.sequence = $sequence, k.position = $position,
                                    k.eventType = $type, k.error = $error
                      WITH count(*) AS done
                      MERGE (g:GraphPosition {id: 'graph'})
                      SET g.position = CASE WHEN coalesce(g.position, -1) < $position
                                            THEN $position ELSE g.position END
                      """,
                      Values.parameters(
                          "id", event.aggregateId(),
                          "sequence", event.sequence(),
                          "position", event.position(),
                          "type", event.payload().getClass().getSimpleName(),
                          "error", error))
                  .consume());
    }
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline);
    return message.length() <= 300 ? message : message.substring(0, 297) + "...";
  }

  /** The first hundred parked aggregates, in the order of the events that failed. */
  public List<ParkedAggregate> parked() {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      MATCH (k:ParkedAggregate)
                      RETURN k.id AS id, k.sequence AS sequence, k.position AS position,
                             k.eventType AS type, k.error AS error
                      ORDER BY k.position LIMIT 100
                      """)
                  .list(
                      r ->
                          new ParkedAggregate(
                              r.get("id").asString(),
                              r.get("sequence").asLong(),
                              r.get("position").asLong(),
                              r.get("type").asString(),
                              r.get("error").asString())));
    }
  }

  /** How many aggregates are parked (Neo4j keeps label counts: cheap to ask). */
  public long parkedCount() {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run("MATCH (k:ParkedAggregate) RETURN count(k) AS n").single().get("n").asLong());
    }
  }

  private BatchResult applyIn(
      TransactionContext tx,
      List<GovernanceEvent> ordered,
      boolean told,
      List<GovernanceEvent> applied,
      List<GovernanceEvent> repeats,
      List<Map<String, Object>> items) {
    Map<String, Long> last = lastApplied(tx, ordered);
    Set<String> parked = parkedAmong(tx, ordered);
    List<List<GovernanceEvent>> waves = new ArrayList<>();
    Map<String, Integer> waveOf = new HashMap<>();
    int skipped = 0;
    long maxPosition = -1;
    // observed lineage ends the same in any order and however often it is applied: one statement
    // for the whole batch, after the waves (it merges only what governance events name, and they
    // only what it names), and no progress kept per run (a node per run, read never again)
    List<GovernanceEvent> observed = new ArrayList<>();
    for (GovernanceEvent event : ordered) {
      if (parked.contains(event.aggregateId())) {
        // the graph moves past it, so reads waiting for this position are not held up
        skipped++;
        maxPosition = Math.max(maxPosition, event.position());
        continue;
      }
      if (ObservedStatements.handles(event.payload().getClass())) {
        observed.add(event);
        maxPosition = Math.max(maxPosition, event.position());
        continue;
      }
      long expected = last.getOrDefault(event.aggregateId(), -1L) + 1;
      if (event.sequence() < expected) {
        skipped++;
        repeats.add(event);
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
    int count = 0;
    for (List<GovernanceEvent> wave : waves) {
      Map<Class<?>, List<Map<String, Object>>> byType = new LinkedHashMap<>();
      for (GovernanceEvent event : wave) {
        if (EventStatements.ignores(event.payload().getClass())) {
          continue; // counted in its aggregate's sequence above, changes nothing else
        }
        byType
            .computeIfAbsent(event.payload().getClass(), t -> new ArrayList<>())
            .add(EventStatements.row(event));
      }
      for (var entry : byType.entrySet()) {
        tx.run(
                EventStatements.of(entry.getKey()).cypher(),
                Values.parameters("rows", entry.getValue()))
            .consume();
        count += entry.getValue().size();
      }
      applied.addAll(wave);
    }
    if (!observed.isEmpty()) {
      tx.run(ObservedStatements.CYPHER, ObservedStatements.parameters(observed)).consume();
      count += observed.size();
      applied.addAll(observed);
    }
    applied.sort(Comparator.comparingLong(GovernanceEvent::position));
    // after every graph statement of the batch: whom an event concerns is asked as of its
    // position, so the items may also come later, in a transaction of their own (deliverInbox)
    if (told) {
      for (var entry : InboxStatements.rows(applied).entrySet()) {
        tx.run(entry.getKey().cypher(), Values.parameters("rows", entry.getValue()))
            .forEachRemaining(r -> items.add(r.get("item").asMap()));
      }
    }
    if (maxPosition >= 0) {
      remember(tx, waveOf.keySet(), last, maxPosition);
    }
    long position = Math.max(maxPosition, readPosition(tx));
    return new BatchResult(count, skipped, position);
  }

  private static Map<String, Long> lastApplied(
      TransactionContext tx, List<GovernanceEvent> events) {
    List<String> ids =
        events.stream()
            .filter(e -> !ObservedStatements.handles(e.payload().getClass()))
            .map(GovernanceEvent::aggregateId)
            .distinct()
            .toList();
    Map<String, Long> last = new HashMap<>();
    if (ids.isEmpty()) {
      return last;
    }
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

  private static Set<String> parkedAmong(TransactionContext tx, List<GovernanceEvent> events) {
    List<String> ids = events.stream().map(GovernanceEvent::aggregateId).distinct().toList();
    Set<String> parked = new HashSet<>();
    tx.run(
            """
            UNWIND $ids AS id
            MATCH (k:ParkedAggregate {id: id})
            RETURN k.id AS id
            """,
            Values.parameters("ids", ids))
        .forEachRemaining(r -> parked.add(r.get("id").asString()));
    return parked;
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
            MERGE (g:GraphPosition {id: 'graph'})
            SET g.position = CASE WHEN coalesce(g.position, -1) < $position
                                  THEN $position ELSE g.position END
            """,
            Values.parameters("rows", rows, "position", position))
        .consume();
  }

  private static long readPosition(TransactionContext tx) {
    var result = tx.run("MATCH (g:GraphPosition {id: 'graph'}) RETURN g.position AS position");
    return result.hasNext() ? result.next().get("position").asLong(-1) : -1;
  }

  /** The highest global position the graph has applied, -1 when it is empty. */
  public long position() {
    try (var session = driver.session()) {
      return session.executeRead(GraphProjector::readPosition);
    }
  }

  /**
   * Deletes the whole graph, in chunks so a large graph does not need one huge transaction; keeps
   * what people marked as read ({@code InboxRead}), which no event says and a rebuild restores, and
   * the record of the graph's migrations ({@code GraphMigration}): the events are applied again by
   * this version's statements, so the graph needs none of them again.
   */
  public void dropAll() {
    try (var session = driver.session()) {
      session
          .run(
              "MATCH (n) WHERE NOT n:InboxRead AND NOT n:GraphMigration"
                  + " CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
          .consume();
    }
  }
}
