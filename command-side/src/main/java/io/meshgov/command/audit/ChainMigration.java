package io.meshgov.command.audit;

import java.util.List;
import java.util.function.LongConsumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Chains a store written before the chain existed, once: the first start fixes the highest position
 * to cover, and every unchained event up to there is linked in position order, a batch per
 * transaction. Interrupted, it goes on where it stopped at the next start; finished, it never links
 * anything again (the target becomes -1). Events beyond that position were written by the chaining
 * store: one without a link is evidence, never linked here. A second pass of the same kind fills
 * the search columns of {@code auditEvents} on links written before they existed.
 */
public final class ChainMigration {

  static final int BATCH = 1000;
  static final long WINDOW = 10L * BATCH;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final CheckpointAnchor anchor;

  public ChainMigration(
      JdbcTemplate jdbc, TransactionTemplate transactions, CheckpointAnchor anchor) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.anchor = anchor;
  }

  /** Links what is left, then indexes what is left; answers how many events it linked. */
  public long run(LongConsumer progress) {
    long linked =
        pass(
            1,
            null,
            rows -> {
              if (known.size() > 1_000_000) {
                known.clear(); // bounded: what is forgotten is read back
              }
              new ChainStore(jdbc).chain(rows, known);
            },
            progress);
    known.clear();
    pass(2, "time_stamp is null", rows -> new ChainStore(jdbc).index(rows), progress);
    return linked;
  }

  /** The links this run wrote, so the next batch need not read them back. */
  private final java.util.Map<String, ChainStore.Link> known = new java.util.HashMap<>();

  /**
   * One resumable pass over the stored events up to the position fixed at its first start, a batch
   * per transaction, in position order. Pass 1 (links) resumes after the highest link; pass 2
   * (search columns) at the first link still {@code pending} (a condition on its row), since links
   * written since V10 carry their columns already. The search columns are not evidence: pass 2 runs
   * on signed stores too.
   */
  private long pass(
      int id,
      String pending,
      java.util.function.Consumer<List<StoredRow>> step,
      LongConsumer progress) {
    long target =
        transactions.execute(
            status -> {
              List<Long> fixed =
                  jdbc.queryForList(
                      "select target_position from event_chain_migration where id = ?",
                      Long.class,
                      id);
              if (!fixed.isEmpty()) {
                return fixed.get(0);
              }
              Long head =
                  jdbc.queryForObject(
                      "select max(global_index) from domain_event_entry", Long.class);
              Long checkpoints =
                  jdbc.queryForObject("select count(*) from event_checkpoint", Long.class);
              // a store that was ever checkpointed was chained: its state is never migrated again
              // (someone who removed the migration's row would have the tail linked anew)
              boolean signedBefore =
                  id == 1 && (anchor.exists() || (checkpoints != null && checkpoints > 0));
              long position = head == null || signedBefore ? -1 : head;
              jdbc.update(
                  "insert into event_chain_migration (id, target_position) values (?, ?)",
                  id,
                  position);
              return position;
            });
    long done = 0;
    long[] cursor = {Long.MIN_VALUE};
    while (true) {
      Integer batch =
          transactions.execute(
              status -> {
                // one migrating service at a time
                jdbc.queryForList(
                    "select id from event_chain_migration where id = ? for update",
                    Integer.class,
                    id);
                if (cursor[0] == Long.MIN_VALUE) {
                  if (id == 1) {
                    // links are written in position order: everything up to the highest is done
                    Long highest =
                        jdbc.queryForObject(
                            "select max(global_index) from event_chain where global_index <= ?",
                            Long.class,
                            target);
                    cursor[0] = highest == null ? -1 : highest;
                  } else {
                    // search columns: links written since V10 carry them already, so resume at
                    // the first link still without them, wherever it lies
                    Long lowest =
                        jdbc.queryForObject(
                            "select min(global_index) from event_chain where "
                                + pending
                                + " and global_index <= ?",
                            Long.class,
                            target);
                    cursor[0] = lowest == null ? target : lowest - 1;
                  }
                }
                // a window of positions at a time, so the scan stays small whatever the statistics
                while (cursor[0] < target) {
                  long end = Math.min(target, cursor[0] + WINDOW);
                  List<StoredRow> rows =
                      jdbc.query(
                          "select "
                              + ChainStore.ROW_COLUMNS
                              + " from domain_event_entry e"
                              + " where e.global_index > ? and e.global_index <= ?"
                              + " order by e.global_index limit "
                              + BATCH,
                          (rs, i) -> ChainStore.row(rs),
                          cursor[0],
                          end);
                  if (rows.isEmpty()) {
                    cursor[0] = end;
                    continue;
                  }
                  step.accept(rows);
                  cursor[0] = rows.get(rows.size() - 1).position();
                  return rows.size();
                }
                return 0;
              });
      if (batch == null || batch == 0) {
        // done for good: from now on a missing row is evidence, whatever its position
        jdbc.update("update event_chain_migration set target_position = -1 where id = ?", id);
        return done;
      }
      done += batch;
      progress.accept(done);
    }
  }
}
