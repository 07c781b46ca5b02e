package io.meshgov.command.audit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Walks the whole event store once, in position order, and checks it against its hash chains and
 * signed checkpoints: every event has its link and the link matches the stored row and the previous
 * link of its aggregate; sequences have no holes; no link is left without its event; and at every
 * checkpoint the count of events, the heads that moved and the digest of all heads are what the key
 * signed, each checkpoint following the one before. Stops at the first break.
 */
public final class HistoryVerifier {

  /** Progress is reported every this many events. */
  static final int PROGRESS_EVERY = 10_000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final Checkpoints checkpoints;
  private final AuditKeys keys;
  private final CheckpointAnchor anchor;

  public HistoryVerifier(
      JdbcTemplate jdbc,
      TransactionTemplate readOnly,
      Checkpoints checkpoints,
      AuditKeys keys,
      CheckpointAnchor anchor) {
    this.jdbc = jdbc;
    this.readOnly = readOnly;
    this.checkpoints = checkpoints;
    this.keys = keys;
    this.anchor = anchor;
  }

  private record Head(long sequence, byte[] link, long position) {}

  /** Thrown inside the walk to stop it at the first break. */
  private static final class Broken extends RuntimeException {
    final VerificationResult.Break at;

    Broken(VerificationResult.Break at) {
      super(at.problem(), null, false, false);
      this.at = at;
    }
  }

  /** The state of one walk. */
  private final class Walk implements RowCallbackHandler {
    final List<Checkpoint> signed = checkpoints.all();
    final VerificationResult.Break orphan = firstOrphan();
    final Map<String, Head> heads = new HashMap<>();
    final Set<String> touched = new HashSet<>();
    final HeadsSum sum = new HeadsSum();
    final LongConsumer progress;
    int nextCheckpoint = 0;
    byte[] previousCheckpoint = EventChain.GENESIS;
    Long lastCheckpoint;
    long count;
    long checkedUpTo = -1;

    Walk(LongConsumer progress) {
      this.progress = progress;
    }

    @Override
    public void processRow(java.sql.ResultSet rs) throws java.sql.SQLException {
      StoredRow row = ChainStore.row(rs);
      if (orphan != null && orphan.position() < row.position()) {
        throw new Broken(orphan);
      }
      while (nextCheckpoint < signed.size()
          && signed.get(nextCheckpoint).upToPosition() < row.position()) {
        check(signed.get(nextCheckpoint++));
      }
      Head head = heads.get(row.aggregateId());
      long expected = head == null ? 0 : head.sequence() + 1;
      if (row.sequence() != expected) {
        throw new Broken(
            at(
                row,
                "sequence "
                    + row.sequence()
                    + " follows "
                    + (expected - 1)
                    + ": events of the aggregate are missing or were inserted"));
      }
      byte[] stored = rs.getBytes("link");
      if (stored != null
          && (!row.aggregateId().equals(rs.getString("link_aggregate"))
              || row.sequence() != rs.getLong("link_sequence"))) {
        throw new Broken(at(row, "the chain link at this position names another event"));
      }
      if (stored == null) {
        throw new Broken(at(row, "no chain link: the event was written behind the application"));
      }
      byte[] link = EventChain.link(head == null ? EventChain.GENESIS : head.link(), row);
      if (!Arrays.equals(link, stored)) {
        throw new Broken(
            at(
                row,
                "the stored event does not match its chain link: its payload, metadata (actor,"
                    + " reason, time), type or position was changed, or an earlier event of the"
                    + " aggregate was"));
      }
      if (head != null) {
        sum.remove(row.aggregateId(), head.sequence(), head.link());
      }
      sum.add(row.aggregateId(), row.sequence(), link);
      heads.put(row.aggregateId(), new Head(row.sequence(), link, row.position()));
      touched.add(row.aggregateId());
      count++;
      checkedUpTo = row.position();
      if (count % PROGRESS_EVERY == 0) {
        progress.accept(count);
      }
    }

    void finish() {
      if (orphan != null) {
        throw new Broken(orphan);
      }
      while (nextCheckpoint < signed.size()) {
        check(signed.get(nextCheckpoint++));
      }
      // the checkpoint the key signed last, recorded outside the database, must still be there
      anchor
          .read()
          .filter(last -> signed.stream().noneMatch(last::is))
          .ifPresent(
              last -> {
                throw new Broken(
                    new VerificationResult.Break(
                        checkedUpTo,
                        null,
                        null,
                        "checkpoint "
                            + last.number()
                            + ", the last this key signed, is missing or altered: checkpoints"
                            + " were removed or replaced"));
              });
    }

    private void check(Checkpoint checkpoint) {
      long n = checkpoint.number();
      long p = checkpoint.upToPosition();
      if (!keys.keyId().equals(checkpoint.keyId())
          || !keys.verifies(checkpoint.signedContent(), checkpoint.signature())) {
        throw new Broken(
            new VerificationResult.Break(
                p,
                null,
                null,
                "checkpoint "
                    + n
                    + " is not signed by key "
                    + keys.keyId()
                    + ": forged or altered"));
      }
      if (!Arrays.equals(checkpoint.previousDigest(), previousCheckpoint)) {
        throw new Broken(
            new VerificationResult.Break(
                p,
                null,
                null,
                "checkpoint " + n + " does not follow the checkpoint before it: one was removed"));
      }
      if (checkpoint.eventCount() != count) {
        throw new Broken(
            new VerificationResult.Break(
                p,
                null,
                null,
                "checkpoint "
                    + n
                    + " signed "
                    + checkpoint.eventCount()
                    + " events up to position "
                    + p
                    + ", the store holds "
                    + count
                    + ": events were deleted or inserted"));
      }
      Map<String, Checkpoint.Head> moved = checkpoints.headsOf(n);
      Set<String> aggregates = new java.util.TreeSet<>(touched);
      aggregates.addAll(moved.keySet());
      for (String aggregate : aggregates) {
        Head mine = heads.get(aggregate);
        Checkpoint.Head theirs = moved.get(aggregate);
        if (mine == null
            || theirs == null
            || mine.sequence() != theirs.sequence()
            || !Arrays.equals(mine.link(), theirs.link())) {
          throw new Broken(
              new VerificationResult.Break(
                  mine == null ? p : mine.position(),
                  aggregate,
                  mine == null ? null : mine.sequence(),
                  "the chain of "
                      + aggregate
                      + " differs from what checkpoint "
                      + n
                      + " recorded: its history was rewritten"));
        }
      }
      if (heads.size() != checkpoint.aggregateCount()
          || !Arrays.equals(sum.digest(), checkpoint.headsDigest())) {
        throw new Broken(
            new VerificationResult.Break(
                p,
                null,
                null,
                "the chain heads differ from what checkpoint "
                    + n
                    + " signed: history was rewritten"));
      }
      touched.clear();
      previousCheckpoint = checkpoint.digest();
      lastCheckpoint = n;
    }

    VerificationResult result(VerificationResult.Break broken) {
      return new VerificationResult(broken == null, checkedUpTo, count, lastCheckpoint, broken);
    }
  }

  private static VerificationResult.Break at(StoredRow row, String problem) {
    return new VerificationResult.Break(row.position(), row.aggregateId(), row.sequence(), problem);
  }

  /** The first link whose event is gone. */
  private VerificationResult.Break firstOrphan() {
    return jdbc
        .query(
            """
            select c.global_index, c.aggregate_identifier, c.sequence_number from event_chain c
            where not exists (select 1 from domain_event_entry e where e.global_index = c.global_index)
            order by c.global_index limit 1
            """,
            (rs, i) ->
                new VerificationResult.Break(
                    rs.getLong("global_index"),
                    rs.getString("aggregate_identifier"),
                    rs.getLong("sequence_number"),
                    "the event at this position was deleted (its chain link remains)"))
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** Verifies the whole store, telling {@code progress} the events checked so far. */
  public VerificationResult verify(LongConsumer progress) {
    return readOnly.execute(
        status -> {
          Walk walk = new Walk(progress);
          try {
            jdbc.query(
                con -> {
                  var statement =
                      con.prepareStatement(
                          "select "
                              + ChainStore.ROW_COLUMNS
                              + ", c.hash as link, c.aggregate_identifier as link_aggregate,"
                              + " c.sequence_number as link_sequence from domain_event_entry e"
                              + " left join event_chain c on c.global_index = e.global_index"
                              + " order by e.global_index",
                          java.sql.ResultSet.TYPE_FORWARD_ONLY,
                          java.sql.ResultSet.CONCUR_READ_ONLY);
                  statement.setFetchSize(1000);
                  return statement;
                },
                walk);
            walk.finish();
            return walk.result(null);
          } catch (Broken broken) {
            return walk.result(broken.at);
          }
        });
  }
}
