package io.meshgov.command.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes and reads signed checkpoints ({@code event_checkpoint}, with the heads that moved since the
 * previous one in {@code event_checkpoint_head}). A checkpoint covers the store up to the highest
 * position stored a moment ({@code settle}) before it is made, so commands still committing with a
 * lower position are not left out of the count it signs.
 */
public final class Checkpoints {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final AuditKeys keys;
  private final Clock clock;
  private final Duration settle;
  private final CheckpointAnchor anchor;

  public Checkpoints(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      AuditKeys keys,
      Clock clock,
      Duration settle,
      CheckpointAnchor anchor) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.keys = keys;
    this.clock = clock;
    this.settle = settle;
    this.anchor = anchor;
  }

  /**
   * Signs a checkpoint over the store as it stands; none when nothing was stored since the last
   * one. One at a time per database (the new number's primary key refuses a second writer).
   */
  public synchronized Optional<Checkpoint> make() throws InterruptedException {
    Long head = settledHead();
    if (head == null) {
      return Optional.empty();
    }
    Optional<Checkpoint> made = transactions.execute(status -> makeAt(head));
    made.ifPresent(anchor::write);
    return made;
  }

  /**
   * The newest position no commit still in flight can fall below. On PostgreSQL a brief share lock
   * on the event table waits for every transaction that inserted events and lets none in while the
   * head is read; elsewhere (the embedded store, one process) the head is read and the checkpoint
   * waits {@code settle}.
   */
  private Long settledHead() throws InterruptedException {
    boolean postgres =
        Boolean.TRUE.equals(
            jdbc.execute(
                (java.sql.Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")));
    if (postgres) {
      return transactions.execute(
          status -> {
            jdbc.execute("lock table domain_event_entry in share mode");
            return jdbc.queryForObject(
                "select max(global_index) from domain_event_entry", Long.class);
          });
    }
    Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    Thread.sleep(settle.toMillis());
    return head;
  }

  /**
   * Refuses to build on a newest checkpoint that is not what this key signed last (or the one it
   * signed right after, if the process stopped before recording it), or that does not verify.
   */
  private void requireTrusted(Optional<Checkpoint> previous) {
    Optional<CheckpointAnchor.Anchor> last = anchor.read();
    if (previous.isEmpty()) {
      if (last.isPresent()) {
        throw new IllegalStateException(
            "this key signed checkpoint "
                + last.get().number()
                + " of this store, which holds none now: checkpoints were removed; verify the"
                + " history");
      }
      return;
    }
    Checkpoint newest = previous.get();
    if (!keys.verifies(newest.signedContent(), newest.signature())
        || !java.util.Arrays.equals(EventChain.sha256(newest.headsSum()), newest.headsDigest())) {
      throw new IllegalStateException(
          "checkpoint " + newest.number() + " does not verify: verify the history");
    }
    if (last.isPresent()
        && !last.get().is(newest)
        && !(newest.number() == last.get().number() + 1
            && java.util.Arrays.equals(newest.previousDigest(), last.get().digest()))) {
      throw new IllegalStateException(
          "the store's newest checkpoint is not the one this key signed last ("
              + last.get().number()
              + "): checkpoints were removed or replaced; verify the history");
    }
  }

  private Optional<Checkpoint> makeAt(long position) {
    Optional<Checkpoint> previous = latest();
    requireTrusted(previous);
    long from = previous.map(Checkpoint::upToPosition).orElse(0L);
    if (previous.isPresent() && from >= position) {
      return Optional.empty();
    }
    HeadsSum sum = previous.map(p -> HeadsSum.of(p.headsSum())).orElseGet(HeadsSum::new);
    // the first and last sequence each aggregate reached in the range, and their links
    Map<String, long[]> moved = new LinkedHashMap<>();
    jdbc.query(
        """
        select aggregate_identifier, min(sequence_number) as first, max(sequence_number) as last
        from event_chain where global_index > ? and global_index <= ?
        group by aggregate_identifier order by aggregate_identifier
        """,
        rs -> {
          moved.put(
              rs.getString("aggregate_identifier"),
              new long[] {rs.getLong("first"), rs.getLong("last")});
        },
        from,
        position);
    Map<String, Checkpoint.Head> heads = new LinkedHashMap<>();
    long newAggregates = 0;
    for (List<String> chunk : ChainStore.chunks(new ArrayList<>(moved.keySet()), 500)) {
      Map<String, Long> before = new HashMap<>();
      Map<String, Long> after = new HashMap<>();
      for (String aggregate : chunk) {
        long[] range = moved.get(aggregate);
        if (range[0] > 0) {
          before.put(aggregate, range[0] - 1);
        }
        after.put(aggregate, range[1]);
      }
      ChainStore store = new ChainStore(jdbc);
      Map<String, byte[]> oldLinks = store.links(before);
      Map<String, byte[]> newLinks = store.links(after);
      for (String aggregate : chunk) {
        Long old = before.get(aggregate);
        if (old == null) {
          newAggregates++;
        } else {
          sum.remove(aggregate, old, oldLinks.get(aggregate));
        }
        long last = after.get(aggregate);
        sum.add(aggregate, last, newLinks.get(aggregate));
        heads.put(aggregate, new Checkpoint.Head(last, newLinks.get(aggregate)));
      }
    }
    Long count =
        jdbc.queryForObject(
            "select count(*) from domain_event_entry where global_index <= ?",
            Long.class,
            position);
    long number = previous.map(p -> p.number() + 1).orElse(1L);
    long aggregates = previous.map(Checkpoint::aggregateCount).orElse(0L) + newAggregates;
    Checkpoint unsigned =
        new Checkpoint(
            number,
            clock.instant().toString(),
            position,
            count == null ? 0 : count,
            aggregates,
            sum.bytes(),
            sum.digest(),
            previous.map(Checkpoint::digest).orElse(EventChain.GENESIS),
            keys.keyId(),
            new byte[0],
            heads);
    byte[] signature = keys.sign(unsigned.signedContent());
    jdbc.update(
        """
        insert into event_checkpoint (checkpoint_number, made_at, up_to_position, event_count,
            aggregate_count, heads_sum, heads_digest, previous_digest, key_id, signature)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        number,
        unsigned.madeAt(),
        position,
        unsigned.eventCount(),
        aggregates,
        unsigned.headsSum(),
        unsigned.headsDigest(),
        unsigned.previousDigest(),
        unsigned.keyId(),
        signature);
    List<Object[]> rows = new ArrayList<>();
    heads.forEach(
        (aggregate, h) -> rows.add(new Object[] {number, aggregate, h.sequence(), h.link()}));
    jdbc.batchUpdate(
        "insert into event_checkpoint_head (checkpoint_number, aggregate_identifier,"
            + " sequence_number, hash) values (?, ?, ?, ?)",
        rows);
    return Optional.of(
        new Checkpoint(
            number,
            unsigned.madeAt(),
            position,
            unsigned.eventCount(),
            aggregates,
            unsigned.headsSum(),
            unsigned.headsDigest(),
            unsigned.previousDigest(),
            unsigned.keyId(),
            signature,
            heads));
  }

  /** The newest checkpoint, without its heads. */
  public Optional<Checkpoint> latest() {
    return jdbc
        .query(
            "select * from event_checkpoint order by checkpoint_number desc limit 1",
            (rs, i) -> checkpoint(rs, Map.of()))
        .stream()
        .findFirst();
  }

  /** Every checkpoint, oldest first, without heads. */
  List<Checkpoint> all() {
    return jdbc.query(
        "select * from event_checkpoint order by checkpoint_number",
        (rs, i) -> checkpoint(rs, Map.of()));
  }

  /** The heads a checkpoint recorded as moved. */
  Map<String, Checkpoint.Head> headsOf(long number) {
    Map<String, Checkpoint.Head> heads = new HashMap<>();
    jdbc.query(
        "select aggregate_identifier, sequence_number, hash from event_checkpoint_head"
            + " where checkpoint_number = ?",
        rs -> {
          heads.put(
              rs.getString("aggregate_identifier"),
              new Checkpoint.Head(rs.getLong("sequence_number"), rs.getBytes("hash")));
        },
        number);
    return heads;
  }

  static Checkpoint checkpoint(java.sql.ResultSet rs, Map<String, Checkpoint.Head> heads)
      throws java.sql.SQLException {
    return new Checkpoint(
        rs.getLong("checkpoint_number"),
        rs.getString("made_at"),
        rs.getLong("up_to_position"),
        rs.getLong("event_count"),
        rs.getLong("aggregate_count"),
        rs.getBytes("heads_sum"),
        rs.getBytes("heads_digest"),
        rs.getBytes("previous_digest"),
        rs.getString("key_id"),
        rs.getBytes("signature"),
        heads);
  }
}
