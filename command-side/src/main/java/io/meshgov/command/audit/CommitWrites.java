package io.meshgov.command.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The last writes of a transaction, sent together just before it commits: the chain links and the
 * lookup rows that waited for the commit. On PostgreSQL they go as one multi-statement round trip
 * (a few for a large bulk batch); elsewhere each run of the same statement is one JDBC batch (H2
 * runs in process, where a round trip costs nothing).
 *
 * <p>A writer that means to add statements at the commit {@link #join}s the transaction first,
 * while it runs: Spring calls the synchronisations registered before the commit begins, and this
 * one runs after every writer's own ({@link #LAST} against the writers' {@link #WRITER}).
 */
public final class CommitWrites {

  /** The order of a writer's synchronisation: before this one's. */
  public static final int WRITER = 0;

  /** The order of this one's synchronisation. */
  static final int LAST = Integer.MAX_VALUE;

  /** At most this many parameters in one multi-statement round trip (PostgreSQL allows 65,535). */
  private static final int MAX_PARAMETERS = 30_000;

  /** At most this many statements in one multi-statement round trip. */
  private static final int MAX_STATEMENTS = 1_000;

  private final JdbcTemplate jdbc;
  private volatile Boolean postgres;

  public CommitWrites(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One statement with its parameters. */
  public record Statement(String sql, Object[] args) {}

  /**
   * Makes sure this transaction's last writes will be sent before it commits; false outside an
   * actual synchronised transaction (where a writer writes at once).
   */
  public boolean join() {
    return pending(true) != null;
  }

  /**
   * One statement to send before the commit; sent at once when the transaction was not joined (or
   * there is none). A write that answers no rows (insert, update, delete): on PostgreSQL it is sent
   * with others as one text, where only the first statement's count is read.
   */
  public void add(String sql, Object... args) {
    List<Statement> pending = pending(false);
    if (pending == null) {
      jdbc.update(sql, args);
      return;
    }
    pending.add(new Statement(sql, args));
  }

  /**
   * Sends these statements now, in order: on PostgreSQL in one round trip per chunk, elsewhere one
   * JDBC batch per run of the same statement.
   */
  public void writeNow(List<Statement> writes) {
    if (writes.isEmpty()) {
      return;
    }
    if (!postgres()) {
      int from = 0;
      while (from < writes.size()) {
        String sql = writes.get(from).sql();
        int to = from;
        List<Object[]> run = new ArrayList<>();
        while (to < writes.size() && writes.get(to).sql().equals(sql)) {
          run.add(writes.get(to).args());
          to++;
        }
        if (run.size() == 1) {
          jdbc.update(sql, run.get(0));
        } else {
          jdbc.batchUpdate(sql, run);
        }
        from = to;
      }
      return;
    }
    // PostgreSQL's driver sends the statements of one prepared text together and reads their
    // answers once: one round trip per chunk
    int from = 0;
    while (from < writes.size()) {
      StringBuilder sql = new StringBuilder();
      List<Object> args = new ArrayList<>();
      int to = from;
      while (to < writes.size()
          && to - from < MAX_STATEMENTS
          && (to == from || args.size() + writes.get(to).args().length <= MAX_PARAMETERS)) {
        if (to > from) {
          sql.append("\n;\n"); // a statement ending in a comment keeps the separator
        }
        sql.append(writes.get(to).sql());
        args.addAll(java.util.Arrays.asList(writes.get(to).args()));
        to++;
      }
      jdbc.update(sql.toString(), args.toArray());
      from = to;
    }
  }

  private List<Statement> pending(boolean create) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()
        || !TransactionSynchronizationManager.isActualTransactionActive()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    List<Statement> pending = (List<Statement>) TransactionSynchronizationManager.getResource(this);
    if (pending != null || !create) {
      return pending;
    }
    List<Statement> made = new ArrayList<>();
    TransactionSynchronizationManager.bindResource(this, made);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public int getOrder() {
            return LAST;
          }

          @Override
          public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(CommitWrites.this);
          }

          @Override
          public void resume() {
            TransactionSynchronizationManager.bindResource(CommitWrites.this, made);
          }

          @Override
          public void beforeCommit(boolean readOnly) {
            List<Statement> writes = List.copyOf(made);
            made.clear();
            writeNow(writes);
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(CommitWrites.this);
          }
        });
    return made;
  }

  /** Whether the store is PostgreSQL, asked once. */
  public boolean postgres() {
    Boolean known = postgres;
    if (known == null) {
      String database =
          jdbc.execute(
              (org.springframework.jdbc.core.ConnectionCallback<String>)
                  c -> c.getMetaData().getDatabaseProductName());
      known = "PostgreSQL".equalsIgnoreCase(database);
      postgres = known;
    }
    return known;
  }
}
