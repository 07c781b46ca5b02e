package io.meshgov.command.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The chain's table ({@code event_chain}: one link per stored event, keyed by its position and by
 * its aggregate and sequence, with the search columns of {@code auditEvents}: type, time, actor and
 * correlation) and the reads of stored rows it needs, in the caller's transaction.
 */
final class ChainStore {

  static final String ROW_COLUMNS =
      "e.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, e.type,"
          + " e.payload_type, e.payload_revision, e.time_stamp, e.payload, e.meta_data";

  private final JdbcTemplate jdbc;
  private final CommitWrites atCommit;

  ChainStore(JdbcTemplate jdbc, CommitWrites atCommit) {
    this.jdbc = jdbc;
    this.atCommit = atCommit;
  }

  /** For linking and indexing outside the append path (migration, checkpoints). */
  ChainStore(JdbcTemplate jdbc) {
    this(jdbc, new CommitWrites(jdbc));
  }

  static StoredRow row(ResultSet rs) throws SQLException {
    return new StoredRow(
        rs.getLong("global_index"),
        rs.getString("event_identifier"),
        rs.getString("aggregate_identifier"),
        rs.getLong("sequence_number"),
        rs.getString("type"),
        rs.getString("payload_type"),
        rs.getString("payload_revision"),
        rs.getString("time_stamp"),
        rs.getBytes("payload"),
        rs.getBytes("meta_data"));
  }

  /**
   * Inserts events as Axon's JDBC engine stores them (its columns, in one statement per thousand)
   * and answers them with the positions the database gave them, in position order.
   */
  List<StoredRow> append(List<StoredRow> rows) {
    List<StoredRow> stored = new ArrayList<>(rows.size());
    for (List<StoredRow> chunk : chunks(rows, 1000)) {
      String values = String.join(", ", java.util.Collections.nCopies(chunk.size(), APPEND_ROW));
      Map<String, Long> positions = new HashMap<>();
      jdbc.execute(
          (java.sql.Connection c) -> {
            try (var insert =
                c.prepareStatement(APPEND + values, new String[] {POSITION, IDENTIFIER})) {
              int i = 1;
              for (StoredRow row : chunk) {
                insert.setString(i++, row.eventIdentifier());
                insert.setString(i++, row.aggregateId());
                insert.setLong(i++, row.sequence());
                insert.setString(i++, row.type());
                insert.setString(i++, row.timeStamp());
                insert.setString(i++, row.payloadType());
                insert.setString(i++, row.payloadRevision());
                insert.setBytes(i++, row.payload());
                insert.setBytes(i++, row.metaData());
              }
              insert.executeUpdate();
              try (ResultSet keys = insert.getGeneratedKeys()) {
                while (keys.next()) {
                  positions.put(keys.getString(2), keys.getLong(1));
                }
              }
            }
            return null;
          });
      for (StoredRow row : chunk) {
        Long position = positions.get(row.eventIdentifier());
        if (position == null) {
          throw new IllegalStateException(
              "the database did not answer the position of event " + row.eventIdentifier());
        }
        stored.add(
            new StoredRow(
                position,
                row.eventIdentifier(),
                row.aggregateId(),
                row.sequence(),
                row.type(),
                row.payloadType(),
                row.payloadRevision(),
                row.timeStamp(),
                row.payload(),
                row.metaData()));
      }
    }
    stored.sort(java.util.Comparator.comparingLong(StoredRow::position));
    return stored;
  }

  private static final String POSITION = "global_index";
  private static final String IDENTIFIER = "event_identifier";
  private static final String APPEND =
      "insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number,"
          + " type, time_stamp, payload_type, payload_revision, payload, meta_data) values ";
  private static final String APPEND_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The stored rows of these events, in position order. */
  List<StoredRow> rowsOf(Collection<String> eventIds) {
    List<StoredRow> rows = new ArrayList<>(eventIds.size());
    for (List<String> chunk : chunks(new ArrayList<>(eventIds), 1000)) {
      String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
      rows.addAll(
          jdbc.query(
              "select "
                  + ROW_COLUMNS
                  + " from domain_event_entry e where e.event_identifier in ("
                  + marks
                  + ")",
              (rs, i) -> row(rs),
              chunk.toArray()));
    }
    rows.sort(java.util.Comparator.comparingLong(StoredRow::position));
    return rows;
  }

  /** The links at (aggregate, sequence) for the given pairs that have one. */
  Map<String, byte[]> links(Map<String, Long> sequenceByAggregate) {
    Map<String, byte[]> links = new HashMap<>();
    if (sequenceByAggregate.isEmpty()) {
      return links;
    }
    // a join with a table of the pairs: one index probe per pair on H2 and PostgreSQL alike
    List<Object> args = new ArrayList<>();
    StringBuilder pairs = new StringBuilder();
    for (var entry : sequenceByAggregate.entrySet()) {
      pairs.append(pairs.isEmpty() ? "" : ", ");
      pairs.append("(cast(? as varchar(255)), cast(? as bigint))");
      args.add(entry.getKey());
      args.add(entry.getValue());
    }
    jdbc.query(
        "select c.aggregate_identifier, c.hash from event_chain c join (values "
            + pairs
            + ") as k(a, s) on c.aggregate_identifier = k.a and c.sequence_number = k.s",
        rs -> {
          links.put(rs.getString("aggregate_identifier"), rs.getBytes("hash"));
        },
        args.toArray());
    return links;
  }

  /** The event's simple type name ({@code TeamRegisteredEvent}) from its stored payload type. */
  static String simpleType(String payloadType) {
    return payloadType.substring(
        Math.max(payloadType.lastIndexOf('.'), payloadType.lastIndexOf('$')) + 1);
  }

  /** Reads the stored metadata once (who, why, in which story; unreadable metadata says so). */
  static io.meshgov.api.wire.StoredEvents.StoredMetadata metadata(byte[] stored) {
    return io.meshgov.api.wire.StoredEvents.metadata(stored);
  }

  /**
   * Fills the search columns of {@code auditEvents} on links written before the columns existed
   * (the migration's second pass).
   */
  void index(List<StoredRow> rows) {
    List<Object[]> updates = new ArrayList<>(rows.size());
    for (StoredRow row : rows) {
      var metadata = metadata(row.metaData());
      updates.add(
          new Object[] {
            simpleType(row.payloadType()),
            row.timeStamp(),
            metadata.actor(),
            metadata.correlationId(),
            row.position()
          });
    }
    jdbc.batchUpdate(
        "update event_chain set event_type = ?, time_stamp = ?, actor = ?, correlation_id = ?"
            + " where global_index = ?",
        updates);
  }

  /**
   * Writes the links with their search columns, one row per event, in one statement per thousand
   * (eight parameters a row stay far below any driver's limit).
   */
  void insert(List<StoredRow> rows, List<byte[]> hashes) {
    insert(rows, hashes, jdbc::update);
  }

  /** The same, each statement given to {@code statements} (to write now, or at the commit). */
  private void insert(
      List<StoredRow> rows,
      List<byte[]> hashes,
      java.util.function.BiConsumer<String, Object[]> statements) {
    for (int from = 0; from < rows.size(); from += 1000) {
      int to = Math.min(rows.size(), from + 1000);
      List<Object> args = new ArrayList<>((to - from) * 8);
      StringBuilder values = new StringBuilder();
      for (int i = from; i < to; i++) {
        StoredRow row = rows.get(i);
        var metadata = metadata(row.metaData());
        values.append(i == from ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
        args.add(row.position());
        args.add(row.aggregateId());
        args.add(row.sequence());
        args.add(hashes.get(i));
        args.add(simpleType(row.payloadType()));
        args.add(row.timeStamp());
        args.add(metadata.actor());
        args.add(metadata.correlationId());
      }
      statements.accept(
          "insert into event_chain (global_index, aggregate_identifier, sequence_number, hash,"
              + " event_type, time_stamp, actor, correlation_id) values "
              + values,
          args.toArray());
    }
  }

  /** An aggregate's link at a sequence, as the caller last wrote it. */
  record Link(long sequence, byte[] hash) {}

  /**
   * Links a batch of stored rows (in position order) onto their aggregates' chains and writes the
   * links: each on the previous row of its aggregate in the batch, or on the link before its first
   * sequence, taken from {@code known} (the links this caller wrote before, a migration linking in
   * position order) or read back. {@code known} is updated.
   *
   * @throws IllegalStateException when an aggregate's previous link is missing (a store whose
   *     history was not chained yet: the migration runs at start-up)
   */
  void chain(List<StoredRow> rows, Map<String, Link> known) {
    insert(rows, link(rows, known));
  }

  /**
   * At most this many links are remembered (a few MiB): an ingestion of runs, each its own
   * aggregate, would otherwise fill the heap with links of streams that never grow again.
   */
  private static final int COMMITTED_LINKS = 20_000;

  /** Links this process committed, by aggregate: links never change, so a hit needs no read. */
  private final java.util.concurrent.ConcurrentHashMap<String, Link> committed =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The append path: links the rows (the previous link from what the running transaction wrote,
   * else from what this process committed, else read) and writes each link with its search columns.
   * In a synchronised transaction the links are kept for it (a bulk batch's next command on the
   * same aggregate reads no link back) and written together just before it commits, in one
   * statement per thousand (a bulk batch's links in one round trip instead of one per command):
   * nothing reads a link of an uncommitted event but this transaction, which has them in memory,
   * and a failure to write them fails the commit, so no event is stored without its link. They are
   * remembered once the transaction commits. Outside one, they are written at once.
   */
  void chainAndIndex(List<StoredRow> rows) {
    Pending ours = transactionLinks(true);
    Map<String, Link> known = lastLinks(rows, ours);
    List<byte[]> hashes = link(rows, known);
    if (ours == null) {
      insert(rows, hashes);
      return;
    }
    for (int i = 0; i < rows.size(); i++) {
      ours.links.put(rows.get(i).aggregateId(), new Link(rows.get(i).sequence(), hashes.get(i)));
    }
    ours.rows.addAll(rows);
    ours.hashes.addAll(hashes);
  }

  /**
   * The last link known without a read of each of the rows' aggregates: the one the running
   * transaction made ({@code ours}, null outside one), else the one this process committed.
   */
  private Map<String, Link> lastLinks(List<StoredRow> rows, Pending ours) {
    Map<String, Link> known = new HashMap<>();
    for (StoredRow row : rows) {
      Link link = ours == null ? null : ours.links.get(row.aggregateId());
      if (link == null) {
        link = committed.get(row.aggregateId());
      }
      if (link != null) {
        known.putIfAbsent(row.aggregateId(), link);
      }
    }
    return known;
  }

  /** What the running transaction linked: the last link by aggregate, and the links to write. */
  private static final class Pending {
    final Map<String, Link> links = new HashMap<>();
    final List<StoredRow> rows = new ArrayList<>();
    final List<byte[]> hashes = new ArrayList<>();
    // events kept to insert before the commit (a bulk batch), with their messages and sequences
    final List<StoredRow> unstored = new ArrayList<>();
    final Map<String, List<org.axonframework.eventhandling.DomainEventMessage<?>>> unstoredEvents =
        new HashMap<>();
    final Map<String, Long> unstoredSequence = new HashMap<>();
    Map<String, Long> positions;
  }

  /**
   * The last sequence of the aggregate the running transaction appended, or null when it appended
   * none (or no transaction is synchronised). While the transaction runs it is the aggregate's last
   * sequence in the store as this transaction sees it: another transaction cannot append after it
   * without first appending the same sequence, which the store's unique key holds until this one
   * ends.
   */
  Long appendedInTransaction(String aggregateId) {
    Pending ours = transactionLinks(false);
    if (ours == null) {
      return null;
    }
    Long unstored = ours.unstoredSequence.get(aggregateId);
    if (unstored != null) {
      return unstored;
    }
    Link link = ours.links.get(aggregateId);
    return link == null ? null : link.sequence();
  }

  /**
   * Keeps events for the running transaction instead of inserting them now (a bulk batch): they are
   * inserted together just before it commits, in one statement per thousand, then linked and their
   * links written, and their positions put into {@code positions}. Until then they are not in the
   * store: the transaction's own reads of an aggregate take them from {@link #unstored}, its last
   * sequence from {@link #appendedInTransaction}. Answers false, keeping nothing, outside an actual
   * synchronised transaction (each statement commits on its own there).
   *
   * @throws org.springframework.dao.DuplicateKeyException when an event of the same aggregate and
   *     sequence is kept already (as the store's unique key would answer)
   */
  boolean defer(
      List<StoredRow> rows,
      List<? extends org.axonframework.eventhandling.DomainEventMessage<?>> events,
      Map<String, Long> positions) {
    Pending ours = transactionLinks(true);
    if (ours == null) {
      return false;
    }
    for (StoredRow row : rows) {
      Long last = appendedInTransaction(row.aggregateId());
      if (last != null && row.sequence() <= last) {
        throw new org.springframework.dao.DuplicateKeyException(
            "event " + row.sequence() + " of " + row.aggregateId() + " is appended already");
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      StoredRow row = rows.get(i);
      ours.unstored.add(row);
      ours.unstoredEvents
          .computeIfAbsent(row.aggregateId(), a -> new ArrayList<>())
          .add(events.get(i));
      ours.unstoredSequence.put(row.aggregateId(), row.sequence());
    }
    ours.positions = positions;
    return true;
  }

  /** The events of the aggregate the running transaction keeps to insert before it commits. */
  List<org.axonframework.eventhandling.DomainEventMessage<?>> unstored(String aggregateId) {
    Pending ours = transactionLinks(false);
    if (ours == null) {
      return List.of();
    }
    return List.copyOf(ours.unstoredEvents.getOrDefault(aggregateId, List.of()));
  }

  /**
   * Inserts the kept events (their positions answered by the insert), links them on their
   * aggregates' chains in position order and writes the links: the same rows and links as had each
   * been appended when it was decided.
   */
  private void storeUnstored(Pending pending) {
    if (pending.unstored.isEmpty()) {
      return;
    }
    List<StoredRow> stored = append(pending.unstored);
    Map<String, Long> lastSequence = new HashMap<>();
    for (StoredRow row : stored) {
      Long before = lastSequence.put(row.aggregateId(), row.sequence());
      if (before != null && before != row.sequence() - 1) {
        // one insert numbers its rows in the order given: an aggregate's events follow each other
        throw new IllegalStateException(
            "the events of " + row.aggregateId() + " were not numbered in sequence order");
      }
    }
    Map<String, Link> known = lastLinks(stored, pending);
    insert(stored, link(stored, known), atCommit::add);
    for (StoredRow row : stored) {
      pending.links.put(row.aggregateId(), known.get(row.aggregateId()));
      if (pending.positions != null) {
        pending.positions.merge(row.aggregateId(), row.position(), Math::max);
      }
    }
    pending.unstored.clear();
    pending.unstoredEvents.clear();
    pending.unstoredSequence.clear();
  }

  /**
   * The links the running transaction made, bound to it as a resource (made and bound when {@code
   * create}); null outside a synchronised transaction, and in a synchronised scope without an
   * actual transaction (each statement commits on its own there, so a link must be written with its
   * event). They are written before it commits, join the committed links when it has, and are
   * dropped with it either way.
   */
  private Pending transactionLinks(boolean create) {
    if (!org.springframework.transaction.support.TransactionSynchronizationManager
            .isSynchronizationActive()
        || !org.springframework.transaction.support.TransactionSynchronizationManager
            .isActualTransactionActive()) {
      return null;
    }
    Pending pending =
        (Pending)
            org.springframework.transaction.support.TransactionSynchronizationManager.getResource(
                this);
    if (pending != null || !create) {
      return pending;
    }
    Pending made = new Pending();
    atCommit.join(); // the links go with the transaction's other last writes
    org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(
        this, made);
    org.springframework.transaction.support.TransactionSynchronizationManager
        .registerSynchronization(
            new org.springframework.transaction.support.TransactionSynchronization() {
              @Override
              public int getOrder() {
                return CommitWrites.WRITER;
              }

              // a transaction suspended for an inner one (REQUIRES_NEW) takes its links along:
              // the inner one keeps its own
              @Override
              public void suspend() {
                org.springframework.transaction.support.TransactionSynchronizationManager
                    .unbindResourceIfPossible(ChainStore.this);
              }

              @Override
              public void resume() {
                org.springframework.transaction.support.TransactionSynchronizationManager
                    .bindResource(ChainStore.this, made);
              }

              @Override
              public void beforeCommit(boolean readOnly) {
                insert(made.rows, made.hashes, atCommit::add);
                made.rows.clear();
                made.hashes.clear();
                storeUnstored(made);
              }

              @Override
              public void afterCommit() {
                if (committed.size() > COMMITTED_LINKS) {
                  committed.clear(); // bounded: what is forgotten is read
                }
                committed.putAll(made.links);
              }

              @Override
              public void afterCompletion(int status) {
                org.springframework.transaction.support.TransactionSynchronizationManager
                    .unbindResourceIfPossible(ChainStore.this);
              }
            });
    return made;
  }

  private List<byte[]> link(List<StoredRow> rows, Map<String, Link> known) {
    Map<String, Long> needed = new HashMap<>();
    Map<String, byte[]> last = new HashMap<>();
    for (StoredRow row : rows) {
      if (needed.containsKey(row.aggregateId()) || last.containsKey(row.aggregateId())) {
        continue;
      }
      Link link = known.get(row.aggregateId());
      if (link != null && link.sequence() == row.sequence() - 1) {
        last.put(row.aggregateId(), link.hash());
      } else if (row.sequence() > 0) {
        needed.put(row.aggregateId(), row.sequence() - 1);
      } else {
        needed.put(row.aggregateId(), -1L);
      }
    }
    needed.values().removeIf(sequence -> sequence < 0);
    for (List<Map.Entry<String, Long>> chunk : chunks(new ArrayList<>(needed.entrySet()), 100)) {
      Map<String, Long> part = new HashMap<>();
      chunk.forEach(e -> part.put(e.getKey(), e.getValue()));
      last.putAll(links(part));
    }
    List<byte[]> hashes = new ArrayList<>(rows.size());
    for (StoredRow row : rows) {
      byte[] previous = last.get(row.aggregateId());
      if (previous == null) {
        if (row.sequence() != 0) {
          throw new IllegalStateException(
              "no chain link before event "
                  + row.sequence()
                  + " of "
                  + row.aggregateId()
                  + ": the store's history is not chained (start the application to migrate it)");
        }
        previous = EventChain.GENESIS;
      }
      byte[] link = EventChain.link(previous, row);
      hashes.add(link);
      last.put(row.aggregateId(), link);
      known.put(row.aggregateId(), new Link(row.sequence(), link));
    }
    return hashes;
  }

  static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> chunks = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      chunks.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return chunks;
  }
}
