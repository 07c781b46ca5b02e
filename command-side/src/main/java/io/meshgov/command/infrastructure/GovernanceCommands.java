package io.meshgov.command.infrastructure;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.Limits;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.Values;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way into the command side: sends a command with who is asking and why, waits for the
 * decision, and answers with the position of the aggregate's last event in the store (for
 * read-your-writes). Every refusal leaves as a {@link GovernanceException} with a stable code.
 */
public class GovernanceCommands implements GovernanceGateway {

  private static final long UNKNOWN = Long.MIN_VALUE;

  private static final java.util.regex.Pattern TOKEN = GovernanceMetaData.ID_TOKEN;

  /** What a platform role may be called. */
  private static final java.util.regex.Pattern ROLE =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  /** Where the interceptor leaves the position for the command this thread is sending. */
  private static final ThreadLocal<long[]> POSITION = new ThreadLocal<>();

  private final CommandGateway gateway;
  private final JdbcTemplate jdbc;
  private final TransactionManager transactions;
  private final AggregateCaches caches;
  private final CommandGroups groups;

  GovernanceCommands(
      CommandGateway gateway,
      JdbcTemplate jdbc,
      TransactionManager transactions,
      AggregateCaches caches,
      CommandGroups.Settings grouping) {
    this.gateway = gateway;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.caches = caches;
    this.groups = new CommandGroups(grouping, this::alone, this::together);
  }

  /**
   * Sends the command and waits for the decision.
   *
   * @param origin who asks (the aggregate refuses commands without an actor), why, and the user
   *     action it belongs to: its correlation id and command id are checked to be short tokens
   */
  @Override
  public Outcome send(GovernanceCommand command, Origin origin) {
    CommandMessage<GovernanceCommand> message = message(command, origin, origin.commandId());
    if (inTransaction()) {
      // a caller's transaction or unit of work (a deadline's handler): the command joins it
      return alone(command, message);
    }
    return groups.send(command, message);
  }

  /**
   * How many commands sent alone shared a transaction with others so far.
   *
   * @param groups the transactions that held two or more commands sent alone
   * @param commands the commands they held
   */
  public record Grouping(long groups, long commands) {}

  /** The groups this gateway sends commands sent alone through (for tests). */
  CommandGroups groups() {
    return groups;
  }

  public Grouping grouping() {
    return groups.committed();
  }

  /** Whether this thread is inside a database transaction or an Axon unit of work. */
  private static boolean inTransaction() {
    return org.springframework.transaction.support.TransactionSynchronizationManager
            .isActualTransactionActive()
        || org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted();
  }

  /** One command in a transaction of its own (or the caller's). */
  private Outcome alone(GovernanceCommand command, CommandMessage<GovernanceCommand> message) {
    String aggregateId = command.aggregateId();
    long[] position = {UNKNOWN};
    POSITION.set(position);
    try (var deferred = LookupWrites.command()) {
      try {
        gateway.sendAndWait(message);
      } catch (RuntimeException e) {
        if (!stale(e)) {
          throw e;
        }
        // decided at the same time as another command on the same aggregate (in another command
        // service: this one's lock serialises its own), which appended first: the store refused
        // this one's append; or a lookup row's key, taken by a command on another aggregate
        // decided meanwhile on the same lookups (a dataset bound twice), refused the commit;
        // decided once more on what is stored now, where the rules see what the other did (a
        // second conflict is answered as one)
        gateway.sendAndWait(message);
      }
    } catch (RuntimeException e) {
      throw translate(e, command);
    } finally {
      POSITION.remove();
    }
    return new Outcome(aggregateId, position[0] != UNKNOWN ? position[0] : positionOf(aggregateId));
  }

  /**
   * Runs the commands on this thread inside one database transaction: each command gets its own
   * unit of work as if it were sent alone (Axon's simple command bus handles it on the sending
   * thread), whose transaction joins the outer one, so its events, chain links and lookup rows are
   * written when it is decided and the next command's rules see them; only the outer transaction
   * commits, after the last command, or rolls everything back. Not nested units of work: those hold
   * every event until the root commits, so the lookup tables the rules read would not show the
   * commands before.
   */
  @Override
  public List<Outcome> sendAll(List<? extends GovernanceCommand> commands, Origin origin) {
    if (commands.size() > MAX_BULK) {
      throw GovernanceException.invalid("at most " + MAX_BULK + " commands at once");
    }
    if (commands.isEmpty()) {
      return List.of();
    }
    Map<String, Integer> perAggregate = new HashMap<>();
    for (GovernanceCommand command : commands) {
      // each command loads its aggregate again: bounded, so one batch cannot replay a long stream
      // a thousand times inside one transaction
      if (perAggregate.merge(command.aggregateId(), 1, Integer::sum) > MAX_BULK_PER_AGGREGATE) {
        throw GovernanceException.invalid(
            "at most " + MAX_BULK_PER_AGGREGATE + " commands for one aggregate in a batch");
      }
    }
    if (inTransaction()) {
      // joined to a caller's transaction it would neither commit nor roll back on its own
      throw new IllegalStateException("sendAll runs in a transaction of its own");
    }
    List<CommandMessage<GovernanceCommand>> messages =
        commands.stream().map(c -> message(c, origin, null)).toList();
    long deadline = System.nanoTime() + BULK_BUDGET.toNanos();
    boolean askOnce = true;
    boolean deferred = true;
    boolean sentAgain = false;
    // at most three tries (each rolled back before the next), within one time budget
    while (true) {
      try {
        return sendAll(commands, messages, askOnce, deferred, deadline);
      } catch (StaleAnswer stale) {
        // another transaction created or changed an aggregate after the batch asked for its last
        // sequence: once more, every aggregate checked on its own
        askOnce = false;
      } catch (OverBudget over) {
        throw GovernanceException.invalid(
            "the batch took longer than "
                + BULK_BUDGET.toSeconds()
                + " s: send it in smaller batches (nothing of the "
                + commands.size()
                + " commands was stored)");
      } catch (Unattributed failure) {
        // the batch's writes waited for its commit, and one failed where no command can be named
        // (a key another transaction took meanwhile): once more with each command's writes made
        // when it is decided, which names the command or, if the other transaction's row no
        // longer collides, stores the batch
        log.debug("a batch's kept writes failed; sending it again command by command", failure);
        sentAgain = true;
        deferred = false;
      } catch (CommitFailed failed) {
        throw failed.failure();
      } catch (RuntimeException refusal) {
        if (sentAgain) {
          log.debug("the batch sent again was answered: {}", refusal.getMessage());
        }
        throw refusal;
      }
    }
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(GovernanceCommands.class);

  /**
   * A batch whose writes waited for its commit failed on something no command's rules refused: the
   * batch was rolled back and is to be sent again without waiting.
   */
  private static final class Unattributed extends RuntimeException {
    Unattributed(Throwable cause) {
      super("a batch's kept writes failed", cause, false, false);
    }
  }

  /**
   * The commit statement of a batch failed: the batch may have been stored, so it is answered as it
   * is and never sent again.
   */
  static final class CommitFailed extends RuntimeException {
    CommitFailed(RuntimeException failure) {
      super(null, failure, false, false);
    }

    RuntimeException failure() {
      return (RuntimeException) getCause();
    }
  }

  /**
   * Commands sent alone at the same time, by different threads, in one transaction: as a bulk
   * batch's first try (events and lookup rows kept for the commit), each command its own unit of
   * work with its own metadata, decided in the order the commands joined. Each gets its aggregate's
   * last position.
   *
   * @throws CommitFailed when the commit statement failed (the commands may have been stored)
   * @throws RuntimeException for any other failure, with nothing stored
   */
  private List<Outcome> together(
      List<GovernanceCommand> commands, List<CommandMessage<GovernanceCommand>> messages) {
    return sendAll(commands, messages, true, true, System.nanoTime() + GROUP_BUDGET.toNanos());
  }

  /** How long a group of commands sent alone may run before each is sent on its own. */
  static final java.time.Duration GROUP_BUDGET = java.time.Duration.ofSeconds(5);

  /**
   * The batch's answer about an aggregate's last sequence was overtaken by another transaction: it
   * created the aggregate, or changed one the batch appended nothing to or refused a command on.
   */
  private static final class StaleAnswer extends RuntimeException {
    StaleAnswer() {
      super(null, null, false, false);
    }
  }

  /** A batch ran longer than its time budget; nothing of it is stored. */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  /**
   * One try at a batch in one transaction.
   *
   * @param askOnce whether the aggregates without events are asked for once, for the batch
   * @param deferred whether the events and lookup rows wait for the commit, to be written together
   *     (a failure of those writes, which names no command, is then {@link Unattributed})
   */
  private List<Outcome> sendAll(
      List<? extends GovernanceCommand> commands,
      List<CommandMessage<GovernanceCommand>> messages,
      boolean askOnce,
      boolean deferred,
      long deadline) {
    // each aggregate's last position: its last command's answer (commands run in order)
    Map<String, Long> positions = new HashMap<>();
    int at = 0;
    List<String> aggregates =
        commands.stream().map(GovernanceCommand::aggregateId).distinct().toList();
    Transaction transaction = transactions.startTransaction();
    boolean committed = false;
    Map<String, Long> lastStored;
    try {
      lastStored = askOnce ? lastStored(aggregates) : Map.of();
    } catch (RuntimeException e) {
      transaction.rollback();
      throw e;
    }
    io.meshgov.command.audit.ChainingStorageEngine.Batch current = null;
    try (var batch = io.meshgov.command.audit.ChainingStorageEngine.batch(lastStored, deferred)) {
      current = batch;
      for (; at < messages.size(); at++) {
        if (System.nanoTime() > deadline) {
          throw new OverBudget(); // no command's refusal: named by the caller
        }
        String aggregateId = commands.get(at).aggregateId();
        if (deferred) {
          // positions are known once the events are stored, at the commit
          gateway.sendAndWait(messages.get(at));
          continue;
        }
        long[] position = {UNKNOWN};
        POSITION.set(position);
        try {
          gateway.sendAndWait(messages.get(at));
        } finally {
          POSITION.remove();
        }
        positions.put(aggregateId, position[0] != UNKNOWN ? position[0] : positionOf(aggregateId));
      }
      // aggregates the batch kept nothing of (their commands changed nothing): their last
      // positions now, in the transaction (the others' come with their events at the commit);
      // and those it appended nothing to must still be where the batch's question found them,
      // since their commands were decided on that answer (an append would meet the store's key)
      List<String> unkept =
          deferred
              ? aggregates.stream().filter(a -> !batch.appended(a)).toList()
              : askOnce
                  ? aggregates.stream().filter(a -> !batch.touched(a)).toList()
                  : List.<String>of();
      if (!unkept.isEmpty()) {
        Map<String, long[]> last = lastPositions(unkept);
        for (String aggregate : unkept) {
          if (askOnce && !batch.touched(aggregate) && lastStored.containsKey(aggregate)) {
            long[] now = last.get(aggregate);
            if (!java.util.Objects.equals(lastStored.get(aggregate), now == null ? null : now[1])) {
              throw new StaleAnswer();
            }
          }
          if (deferred && last.containsKey(aggregate)) {
            positions.put(aggregate, last.get(aggregate)[0]);
          }
        }
      }
      transaction.commit();
      committed = true;
      if (deferred) {
        positions.putAll(batch.positions());
      }
    } catch (RuntimeException e) {
      if (e instanceof StaleAnswer || e instanceof OverBudget) {
        throw e;
      }
      if (deferred && keptWriteFailed(e, at >= commands.size())) {
        throw new Unattributed(e);
      }
      if (at >= commands.size()) {
        throw new CommitFailed(e); // the commit itself failed: no command to name
      }
      int failed = at;
      String aggregate = commands.get(failed).aggregateId();
      if (lastStored.containsKey(aggregate)
          && lastStored.get(aggregate) == null
          && createdMeanwhile(e)) {
        throw new StaleAnswer();
      }
      if (unwrapped(e) instanceof GovernanceException
          && lastStored.containsKey(aggregate)
          && (current == null || !current.touched(aggregate) || current.appended(aggregate))
          && !java.util.Objects.equals(lastStored.get(aggregate), storedLastSequence(aggregate))) {
        // refused on what the batch's question found, which another transaction has changed
        // since (an aggregate kept in memory is checked against that answer): decided again on
        // what is stored now
        throw new StaleAnswer();
      }
      RuntimeException refusal = translate(e, commands.get(failed));
      if (refusal instanceof GovernanceException rejection) {
        Map<String, List<String>> details = new HashMap<>(rejection.details());
        details.put("commandIndex", List.of(String.valueOf(failed)));
        throw new GovernanceException(
            rejection.code(),
            "command "
                + failed
                + " of "
                + commands.size()
                + ": "
                + rejection.getMessage()
                + " (nothing of the "
                + commands.size()
                + " commands was stored)",
            details);
      }
      throw refusal;
    } finally {
      if (!committed) {
        transaction.rollback(); // also for an Error: nothing stays bound to the thread
        // the batch's units of work committed into the transaction just rolled back: what they
        // left in memory holds events the store does not have
        caches.forget(aggregates);
      }
    }
    return commands.stream()
        .map(c -> new Outcome(c.aggregateId(), positions.getOrDefault(c.aggregateId(), -1L)))
        .toList();
  }

  /**
   * The last position and the last sequence of each of the aggregates that have events, in one
   * query a few hundred.
   */
  private Map<String, long[]> lastPositions(List<String> aggregates) {
    Map<String, long[]> last = new HashMap<>();
    byAggregates(
        "select aggregate_identifier, max(global_index), max(sequence_number)"
            + " from domain_event_entry where aggregate_identifier in (%s)"
            + " group by aggregate_identifier",
        aggregates,
        "?",
        rs -> {
          last.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        });
    return last;
  }

  /** The store's last sequence of the aggregate, null when it has no events. */
  private Long storedLastSequence(String aggregateId) {
    return jdbc.queryForObject(
        "select max(sequence_number) from domain_event_entry where aggregate_identifier = ?",
        Long.class,
        aggregateId);
  }

  /**
   * Runs {@code sql} (its {@code %s} the list of ids, each as {@code one}) for the aggregates, five
   * hundred at once.
   */
  private void byAggregates(
      String sql,
      List<String> aggregates,
      String one,
      org.springframework.jdbc.core.RowCallbackHandler rows) {
    for (int from = 0; from < aggregates.size(); from += 500) {
      List<String> part = aggregates.subList(from, Math.min(aggregates.size(), from + 500));
      jdbc.query(
          sql.formatted(String.join(",", java.util.Collections.nCopies(part.size(), one))),
          rows,
          part.toArray());
    }
  }

  /**
   * Whether a deferred batch failed on what it kept, where the row that failed may be any earlier
   * command's: writing the kept rows before the commit (not the commit statement itself, which may
   * have gone through: a lost connection is answered as it is, never sent again), a lookup writing
   * them before a read, or a stored event at a sequence the batch keeps.
   */
  private static boolean keptWriteFailed(RuntimeException failure, boolean atCommit) {
    Throwable e = unwrapped(failure);
    if (atCommit) {
      return !(e instanceof org.springframework.transaction.TransactionException);
    }
    return e instanceof org.springframework.dao.DataAccessException
        || e instanceof io.meshgov.command.audit.ChainingStorageEngine.KeptSequenceTaken;
  }

  /** The most commands one batch may send to one aggregate. */
  static final int MAX_BULK_PER_AGGREGATE = 100;

  /**
   * How long one batch may run: well below Axon's gap timeout (a transaction open longer could have
   * its events skipped by the tracking processors) and the split's HTTP timeout.
   */
  static final java.time.Duration BULK_BUDGET = java.time.Duration.ofSeconds(20);

  /** What a command's failure is under the wrappers Axon's command bus puts around it. */
  private static Throwable unwrapped(RuntimeException failure) {
    Throwable e = failure;
    while (e instanceof CommandExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * Whether a command failed on the optimistic lock of an aggregate that already existed, or on the
   * key of a lookup row another command wrote after this one's rules read.
   */
  private static boolean stale(RuntimeException failure) {
    Throwable e = unwrapped(failure);
    return e instanceof ConcurrencyException
        || e instanceof org.springframework.dao.DuplicateKeyException;
  }

  /** Whether a failure may come from an aggregate created by another transaction meanwhile. */
  private static boolean createdMeanwhile(RuntimeException failure) {
    Throwable e = unwrapped(failure);
    return e instanceof AggregateStreamCreationException
        || e instanceof AggregateNotFoundException
        || e instanceof ConcurrencyException
        || e instanceof org.springframework.dao.DataIntegrityViolationException;
  }

  /**
   * The store's last sequence of each aggregate, null for those without events, in one read. Each
   * aggregate is a row of its own with a subquery on the whole key of the unique index, so the
   * database reads the index once an aggregate (the last entry under its id) whatever its
   * statistics say (PostgreSQL planned a scan of the whole table for one aggregate while no analyze
   * had run, and grouped long streams whole).
   */
  private Map<String, Long> lastStored(List<String> aggregates) {
    Map<String, Long> last = new HashMap<>();
    byAggregates(
        "select a.id, (select max(e.sequence_number) from domain_event_entry e"
            + " where e.aggregate_identifier = a.id) from (values %s) as a(id)",
        aggregates,
        "(cast(? as varchar(255)))",
        rs -> {
          long sequence = rs.getLong(2);
          Long stored = rs.wasNull() ? null : sequence;
          last.put(rs.getString(1), stored);
        });
    return last;
  }

  /** The command as Axon's message, with who asks, why and in which story as its metadata. */
  private static CommandMessage<GovernanceCommand> message(
      GovernanceCommand command, Origin origin, String givenCommandId) {
    Values.text(origin.reason(), "reason", Limits.REASON);
    Map<String, Object> metaData = new HashMap<>();
    if (origin.actor() != null) {
      metaData.put(GovernanceMetaData.ACTOR, origin.actor());
    }
    if (origin.reason() != null && !origin.reason().isBlank()) {
      metaData.put(GovernanceMetaData.REASON, origin.reason());
    }
    // a token may carry many roles the command side never reads: the well-formed ones go along,
    // at most twenty, the rest are left out rather than refusing the person's command
    List<String> roles =
        origin.roles().stream()
            .filter(role -> role != null && ROLE.matcher(role).matches())
            .sorted()
            .limit(20)
            .toList();
    if (!roles.isEmpty()) {
      metaData.put(GovernanceMetaData.ROLES, String.join(",", roles));
    }
    if (origin.correlationId() != null) {
      Values.matching(origin.correlationId(), TOKEN, "correlation id");
      metaData.put(GovernanceMetaData.CORRELATION_ID, origin.correlationId());
    }
    String commandId = givenCommandId;
    if (commandId != null) {
      Values.matching(commandId, TOKEN, "command id");
    } else {
      commandId = IdentifierFactory.getInstance().generateIdentifier();
    }
    return new GenericCommandMessage<>(
        new GenericMessage<>(commandId, command, MetaData.from(metaData)),
        command.getClass().getName());
  }

  /**
   * Takes the aggregate's position inside the command's own transaction, after its events were
   * appended (this handler is registered after the event store's, so it runs after it): as the
   * chaining engine's insert answered it, or read when the command appended nothing, instead of
   * asking the store again on another connection once the command is done. Applies when the command
   * is handled on the sending thread, as Axon's simple command bus does; otherwise {@link #send}
   * falls back to reading the position afterwards.
   */
  MessageHandlerInterceptor<CommandMessage<?>> positionInTransaction() {
    return (unitOfWork, chain) -> {
      Object result = chain.proceed();
      long[] position = POSITION.get();
      Object payload = unitOfWork.getMessage().getPayload();
      if (position != null && payload instanceof GovernanceCommand command) {
        String aggregateId = command.aggregateId();
        unitOfWork
            .root()
            .onPrepareCommit(
                u -> {
                  // the insert answered the positions: no query unless nothing was appended
                  Long appended = io.meshgov.command.audit.AppendedPositions.of(u, aggregateId);
                  position[0] = appended != null ? appended : positionOf(aggregateId);
                });
      }
      return result;
    };
  }

  private long positionOf(String aggregateId) {
    Long position =
        jdbc.queryForObject(
            "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
            Long.class,
            aggregateId);
    return position == null ? -1 : position;
  }

  static RuntimeException translate(RuntimeException failure, GovernanceCommand command) {
    String aggregateId = command.aggregateId();
    Throwable e = unwrapped(failure);
    if (e instanceof GovernanceException rejection) {
      return rejection;
    }
    if (e instanceof AggregateStreamCreationException) {
      return new GovernanceException(
          command.kind().alreadyExists(), aggregateId + " exists already: ids are unique");
    }
    if (e instanceof ConcurrencyException
        || e instanceof org.springframework.dao.ConcurrencyFailureException
        || e instanceof org.springframework.dao.DuplicateKeyException) {
      // the optimistic lock of an aggregate, or the database breaking a deadlock between two
      // commands' row locks (lineage declarations that would close a cycle together)
      return new GovernanceException(
          RejectionCode.CONCURRENT_MODIFICATION,
          aggregateId + " was changed by someone else at the same time: read it again and retry");
    }
    if (e instanceof AggregateNotFoundException) {
      return new GovernanceException(command.kind().notFound(), aggregateId + " does not exist");
    }
    return failure;
  }
}
