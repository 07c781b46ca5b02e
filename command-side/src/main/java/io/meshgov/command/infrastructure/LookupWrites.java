package io.meshgov.command.infrastructure;

import io.meshgov.command.audit.CommitWrites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The writes of the lookup tables. Made at once, except while a command is decided ({@link
 * #command}) or in a bulk batch that keeps its writes for its commit ({@link
 * io.meshgov.command.audit.ChainingStorageEngine#deferring()}): there they wait, by table, and go
 * out either when a lookup reads a table they touch ({@link #flush}, so every rule sees the
 * commands before it) or just before the transaction commits, together with the chain links; either
 * way through {@link CommitWrites} (one round trip on PostgreSQL, JDBC batches on H2). The tables
 * have no keys between them, so each table's writes keep their order and tables need none among
 * themselves. Elsewhere (the lookups' own rebuild, one transaction over the whole store) they are
 * made at once, so nothing piles up in memory.
 */
final class LookupWrites {

  private final JdbcTemplate jdbc;
  private final CommitWrites atCommit;

  /** Whether a command sent alone is being decided on this thread. */
  private static final ThreadLocal<Boolean> COMMAND = new ThreadLocal<>();

  LookupWrites(JdbcTemplate jdbc, CommitWrites atCommit) {
    this.jdbc = jdbc;
    this.atCommit = atCommit;
  }

  /**
   * While the returned scope is open, the lookup writes of this thread's transaction wait for its
   * commit: a command's writes come after its rules have read, so they go with its chain links.
   */
  static io.meshgov.command.audit.ChainingStorageEngine.Scope command() {
    Boolean outer = COMMAND.get();
    COMMAND.set(Boolean.TRUE);
    return () -> {
      if (outer == null) {
        COMMAND.remove();
      } else {
        COMMAND.set(outer);
      }
    };
  }

  /** One write of {@code table}: now, or kept for the batch. */
  void update(String table, String sql, Object... args) {
    Map<String, List<CommitWrites.Statement>> pending = pending(true);
    if (pending == null) {
      jdbc.update(sql, args);
      return;
    }
    pending
        .computeIfAbsent(table, t -> new ArrayList<>())
        .add(new CommitWrites.Statement(sql, args));
  }

  /** The same statement for each of {@code rows}: now, or kept for the batch. */
  void batch(String table, String sql, List<Object[]> rows) {
    Map<String, List<CommitWrites.Statement>> pending = pending(true);
    if (pending == null) {
      jdbc.batchUpdate(sql, rows);
      return;
    }
    List<CommitWrites.Statement> writes = pending.computeIfAbsent(table, t -> new ArrayList<>());
    for (Object[] row : rows) {
      writes.add(new CommitWrites.Statement(sql, row));
    }
  }

  /** Writes what is kept for these tables, before they are read. */
  void flush(String... tables) {
    Map<String, List<CommitWrites.Statement>> pending = pending(false);
    if (pending == null || pending.isEmpty()) {
      return;
    }
    for (String table : tables) {
      List<CommitWrites.Statement> writes = pending.remove(table);
      if (writes != null) {
        atCommit.writeNow(writes);
      }
    }
  }

  /** Whether the store is PostgreSQL (shared row locks). */
  boolean postgres() {
    return atCommit.postgres();
  }

  /**
   * The writes kept for the running transaction, bound to it: once bound, every later write of the
   * transaction joins them (in order, whoever writes); bound when {@code create} while a command is
   * decided or a deferring batch runs. Null when writes are made at once: none bound and none to
   * bind, or no actual synchronised transaction to write them before its commit.
   */
  private Map<String, List<CommitWrites.Statement>> pending(boolean create) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()
        || !TransactionSynchronizationManager.isActualTransactionActive()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, List<CommitWrites.Statement>> pending =
        (Map<String, List<CommitWrites.Statement>>)
            TransactionSynchronizationManager.getResource(this);
    // rows already kept for the transaction stay its own, in order, whoever writes next
    if (pending != null || !create) {
      return pending;
    }
    if (COMMAND.get() == null && !io.meshgov.command.audit.ChainingStorageEngine.deferring()) {
      return null;
    }
    Map<String, List<CommitWrites.Statement>> made = new LinkedHashMap<>();
    atCommit.join(); // what is left goes with the transaction's other last writes
    TransactionSynchronizationManager.bindResource(this, made);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public int getOrder() {
            return CommitWrites.WRITER;
          }

          @Override
          public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(LookupWrites.this);
          }

          @Override
          public void resume() {
            TransactionSynchronizationManager.bindResource(LookupWrites.this, made);
          }

          @Override
          public void beforeCommit(boolean readOnly) {
            for (List<CommitWrites.Statement> writes : made.values()) {
              for (CommitWrites.Statement write : writes) {
                atCommit.add(write.sql(), write.args());
              }
            }
            made.clear();
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(LookupWrites.this);
          }
        });
    return made;
  }
}
