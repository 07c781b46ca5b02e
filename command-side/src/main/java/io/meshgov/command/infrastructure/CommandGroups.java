package io.meshgov.command.infrastructure;

import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;

/**
 * Group commit for commands sent alone: at most {@code transactions} leaders run a transaction at
 * once; a command that finds them all busy waits, and the next one to start takes every command
 * waiting (up to {@code size}) into one transaction. So under load many commands share a
 * transaction's fixed costs (its begin, commit and round trips), and a command that finds a
 * transaction free runs at once, alone, as before: grouping adds no wait where there is no queue.
 *
 * <p>A group is all or nothing, but each command's answer is its own: a command a rule refuses is
 * sent again alone (where its refusal is its own) and the others, once, together without it; any
 * other failure before the commit (an aggregate changed meanwhile, a key taken, a second refusal)
 * rolls the group back and sends each of its commands again alone on its own thread, where the
 * failure reaches only the command it belongs to. Only a failed commit statement is answered to
 * every command of the group, since the group may have been stored. Commands sent again alone, and
 * those whose wait ran out, run beside the leaders' transactions, not counted by them.
 *
 * <p>Waits are bounded as far as the commands are: a command waits at most {@link Settings#maxWait}
 * for a transaction to take it, then runs alone; a group checks between its commands that it has
 * run less than {@link GovernanceCommands#GROUP_BUDGET}, else its commands run alone. A command
 * stuck in the database holds its group as it would hold itself.
 */
final class CommandGroups {

  /**
   * How commands sent alone are grouped.
   *
   * @param size the most commands in one transaction (1: no grouping)
   * @param transactions the most command transactions at once
   * @param maxWait the longest a command waits for a transaction before it runs alone
   */
  record Settings(int size, int transactions, java.time.Duration maxWait) {
    Settings {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException(
            "meshgov.command-side.group-size is 1 to 1000, not " + size);
      }
      if (transactions < 1 || transactions > 256) {
        throw new IllegalArgumentException(
            "meshgov.command-side.group-transactions is 1 to 256, not " + transactions);
      }
      if (maxWait.isNegative() || maxWait.compareTo(java.time.Duration.ofSeconds(60)) > 0) {
        throw new IllegalArgumentException(
            "meshgov.command-side.group-wait is 0 to 60 s, not " + maxWait);
      }
    }

    boolean grouping() {
      return size > 1;
    }
  }

  /** Sends one command in a transaction of its own, answering its refusal as it throws it. */
  interface Alone {
    Outcome send(GovernanceCommand command, CommandMessage<GovernanceCommand> message);
  }

  /** Sends commands in one transaction, all or nothing, answering each one's outcome in order. */
  interface Together {
    List<Outcome> send(
        List<GovernanceCommand> commands, List<CommandMessage<GovernanceCommand>> messages);
  }

  /** Where a command stands. */
  private enum State {
    WAITING,
    /** It leads: it takes the waiting commands and runs them. */
    LEADS,
    DONE,
    /** Its group failed short of the commit: it is to be sent alone. */
    ALONE
  }

  private static final class Pending {
    final GovernanceCommand command;
    final CommandMessage<GovernanceCommand> message;
    private State state = State.WAITING;
    Outcome outcome;
    RuntimeException failure;

    Pending(GovernanceCommand command, CommandMessage<GovernanceCommand> message) {
      this.command = command;
      this.message = message;
    }

    synchronized void settle(State next) {
      state = next;
      notifyAll();
    }

    synchronized State state() {
      return state;
    }

    /** Waits until the command is not waiting any more, or the time is up. */
    synchronized State await(long nanos) {
      long deadline = System.nanoTime() + nanos;
      boolean interrupted = false;
      try {
        while (state == State.WAITING) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            // the command may be in a transaction already: its answer is still waited for
            interrupted = true;
          }
        }
        return state;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(CommandGroups.class);

  private final Settings settings;
  private final Alone alone;
  private final Together together;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int running;
  private final java.util.concurrent.atomic.LongAdder groupsRun =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder commandsGrouped =
      new java.util.concurrent.atomic.LongAdder();

  CommandGroups(Settings settings, Alone alone, Together together) {
    this.settings = settings;
    this.alone = alone;
    this.together = together;
  }

  /** How many groups of two or more commands committed so far, and how many commands they held. */
  GovernanceCommands.Grouping committed() {
    return new GovernanceCommands.Grouping(groupsRun.sum(), commandsGrouped.sum());
  }

  Settings settings() {
    return settings;
  }

  /** How many commands wait for a transaction now. */
  synchronized int waiting() {
    return queue.size();
  }

  Outcome send(GovernanceCommand command, CommandMessage<GovernanceCommand> message) {
    if (!settings.grouping()) {
      return alone.send(command, message);
    }
    Pending pending = new Pending(command, message);
    boolean leads;
    synchronized (this) {
      leads = running < settings.transactions();
      if (leads) {
        running++;
      } else {
        queue.addLast(pending);
      }
    }
    if (!leads) {
      State state = pending.await(settings.maxWait().toNanos());
      if (state == State.WAITING) {
        boolean left;
        synchronized (this) {
          left = queue.remove(pending);
        }
        if (left) {
          // no transaction took it in time (a slow group ahead): it runs alone, beside them
          return alone.send(command, message);
        }
        // a leader took it just now: its group answers it (a group's run is bounded)
        state = pending.await(Long.MAX_VALUE);
      }
      if (state != State.LEADS) {
        return answer(pending);
      }
    }
    lead(pending);
    return answer(pending);
  }

  /** The outcome of a command that is no longer waiting, sending it alone if its group failed. */
  private Outcome answer(Pending pending) {
    if (pending.state() == State.ALONE) {
      return alone.send(pending.command, pending.message);
    }
    if (pending.failure != null) {
      throw pending.failure;
    }
    return pending.outcome;
  }

  /**
   * Runs one transaction: the leader's command and those waiting, then hands the transaction on to
   * the next command waiting, if any.
   */
  private void lead(Pending leader) {
    List<Pending> group = new ArrayList<>();
    group.add(leader);
    synchronized (this) {
      while (group.size() < settings.size() && !queue.isEmpty()) {
        group.add(queue.pollFirst());
      }
    }
    // a waiter interrupted while it waited leads without the flag (Axon's aggregate locks would
    // refuse every command of the group); it is set again afterwards
    boolean interrupted = Thread.interrupted();
    try {
      if (group.size() == 1) {
        try {
          leader.outcome = alone.send(leader.command, leader.message);
        } catch (RuntimeException refused) {
          leader.failure = refused;
        }
        leader.settle(State.DONE);
      } else {
        run(group, true);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      for (Pending p : group) {
        if (p.state() != State.DONE) {
          p.settle(State.ALONE); // also after an Error: nobody waits for ever
        }
      }
      Pending next;
      synchronized (this) {
        next = queue.pollFirst();
        if (next == null) {
          running--;
        }
      }
      if (next != null) {
        next.settle(State.LEADS);
      }
    }
  }

  /**
   * Runs the group in one transaction. A command a rule refused is sent alone (its refusal is its
   * own) and, once, the others again together without it; any other failure sends each alone.
   */
  private void run(List<Pending> group, boolean firstTry) {
    List<GovernanceCommand> commands = new ArrayList<>(group.size());
    List<CommandMessage<GovernanceCommand>> messages = new ArrayList<>(group.size());
    for (Pending p : group) {
      commands.add(p.command);
      messages.add(p.message);
    }
    List<Outcome> outcomes;
    try {
      outcomes = together.send(commands, messages);
    } catch (GovernanceCommands.CommitFailed failed) {
      // the commit statement failed: the group may be stored, so nothing is sent again
      for (Pending p : group) {
        p.failure = GovernanceCommands.translate(failed.failure(), p.command);
        p.settle(State.DONE);
      }
      return;
    } catch (RuntimeException e) {
      // rolled back with nothing stored
      int refused = refusedIndex(e, group.size());
      if (firstTry && refused >= 0 && group.size() > 2) {
        log.debug(
            "command {} of a group of {} was refused; the others go again: {}",
            refused,
            group.size(),
            e.getMessage());
        group.get(refused).settle(State.ALONE);
        List<Pending> others = new ArrayList<>(group);
        others.remove(refused);
        run(others, false);
        return;
      }
      // each command is sent alone (the finally of lead)
      log.debug("a group of {} commands failed; each is sent alone", group.size(), e);
      return;
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // an error from one command's handler: each command is sent alone, where it reaches only
      // the command it belongs to
      log.warn("a group of {} commands failed; each is sent alone", group.size(), e);
      return;
    }
    groupsRun.increment();
    commandsGrouped.add(group.size());
    for (int i = 0; i < group.size(); i++) {
      group.get(i).outcome = outcomes.get(i);
      group.get(i).settle(State.DONE);
    }
  }

  /** The index of the command a rule refused, as the bulk form names it, or -1. */
  private static int refusedIndex(RuntimeException failure, int size) {
    if (failure instanceof io.meshgov.api.GovernanceException refusal) {
      List<String> index = refusal.details().get("commandIndex");
      if (index != null && index.size() == 1) {
        try {
          int at = Integer.parseInt(index.get(0));
          return at >= 0 && at < size ? at : -1;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
