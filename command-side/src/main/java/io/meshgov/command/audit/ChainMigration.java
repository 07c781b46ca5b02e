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
 * store: one without a link is evidence, never linked here.
 */
public final class ChainMigration {

  static final int BATCH = 1000;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  public ChainMigration(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** Links what is left; answers how many events it linked. */
  public long run(LongConsumer progress) {
    long target =
        transactions.execute(
            status -> {
              List<Long> fixed =
                  jdbc.queryForList(
                      "select target_position from event_chain_migration where id = 1", Long.class);
              if (!fixed.isEmpty()) {
                return fixed.get(0);
              }
              Long head =
                  jdbc.queryForObject(
                      "select max(global_index) from domain_event_entry", Long.class);
              long position = head == null ? -1 : head;
              jdbc.update(
                  "insert into event_chain_migration (id, target_position) values (1, ?)",
                  position);
              return position;
            });
    long linked = 0;
    // the links this run wrote, so the next batch need not read them back
    java.util.Map<String, ChainStore.Link> known = new java.util.HashMap<>();
    while (true) {
      Integer batch =
          transactions.execute(
              status -> {
                // one migrating service at a time
                jdbc.queryForList(
                    "select id from event_chain_migration where id = 1 for update", Integer.class);
                // linked in position order: everything up to the highest link is linked
                Long done =
                    jdbc.queryForObject(
                        "select max(global_index) from event_chain where global_index <= ?",
                        Long.class,
                        target);
                List<StoredRow> rows =
                    jdbc.query(
                        "select "
                            + ChainStore.ROW_COLUMNS
                            + " from domain_event_entry e"
                            + " where e.global_index > ? and e.global_index <= ?"
                            + " order by e.global_index limit "
                            + BATCH,
                        (rs, i) -> ChainStore.row(rs),
                        done == null ? -1 : done,
                        target);
                if (known.size() > 1_000_000) {
                  known.clear(); // bounded: what is forgotten is read back
                }
                new ChainStore(jdbc).chain(rows, known);
                return rows.size();
              });
      if (batch == null || batch == 0) {
        // done for good: from now on a missing link is evidence, whatever its position
        jdbc.update("update event_chain_migration set target_position = -1 where id = 1");
        return linked;
      }
      linked += batch;
      progress.accept(linked);
    }
  }
}
