package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway.Outcome;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How commands sent alone are grouped into transactions (the logic, without a store). */
class CommandGroupsTest {

  private final ExecutorService senders = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    senders.shutdownNow();
  }

  private static RegisterTeamCommand command(int i) {
    return new RegisterTeamCommand(TeamId.of("team-" + i), "Team " + i, DomainName.of("ops"));
  }

  private static CommandMessage<GovernanceCommand> message(GovernanceCommand command) {
    return GenericCommandMessage.asCommandMessage(command);
  }

  private Future<Outcome> send(CommandGroups groups, GovernanceCommand command) {
    return senders.submit(() -> groups.send(command, message(command)));
  }

  /** Waits until {@code count} commands are queued behind the busy transactions. */
  private static void awaitQueued(CommandGroups groups, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (groups.waiting() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(groups.waiting()).as("commands waiting for a transaction").isEqualTo(count);
  }

  /**
   * Groups whose first command sent alone holds the only transaction until released: the commands
   * sent meanwhile wait for it.
   */
  private static final class Held {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<List<GovernanceCommand>> together = new CopyOnWriteArrayList<>();
    final List<GovernanceCommand> alone = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    Outcome alone(GovernanceCommand command) {
      enter();
      try {
        alone.add(command);
        if (alone.size() == 1) {
          entered.countDown();
          await(release);
        }
        if (command.aggregateId().equals("team-refused")) {
          throw new GovernanceException(RejectionCode.TEAM_ALREADY_REGISTERED, "exists");
        }
        return new Outcome(command.aggregateId(), 1);
      } finally {
        running.decrementAndGet();
      }
    }

    List<Outcome> together(List<GovernanceCommand> commands) {
      enter();
      try {
        together.add(List.copyOf(commands));
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
          outcomes.add(new Outcome(commands.get(i).aggregateId(), 100 + i));
        }
        return outcomes;
      } finally {
        running.decrementAndGet();
      }
    }

    private void enter() {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
    }

    private static void await(CountDownLatch latch) {
      try {
        latch.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static CommandGroups groups(
      Held held, int transactions, Duration wait, CommandGroups.Together together) {
    return new CommandGroups(
        new CommandGroups.Settings(10, transactions, wait),
        (command, message) -> held.alone(command),
        together);
  }

  @Test
  void commands_sent_while_the_transactions_are_busy_share_the_next_one_each_with_its_own_answer()
      throws Exception {
    Held held = new Held();
    CommandGroups groups =
        groups(held, 1, Duration.ofSeconds(30), (commands, messages) -> held.together(commands));
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Outcome>> waiting = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      waiting.add(send(groups, command(i)));
    }
    awaitQueued(groups, 5);
    held.release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-0");
    for (Future<Outcome> answer : waiting) {
      answer.get(10, TimeUnit.SECONDS);
    }
    // the five waited, and the next transaction took all of them
    assertThat(held.together).singleElement().satisfies(group -> assertThat(group).hasSize(5));
    for (int i = 1; i <= 5; i++) {
      Outcome outcome = waiting.get(i - 1).get();
      assertThat(outcome.aggregateId()).isEqualTo("team-" + i);
      int index =
          held.together.get(0).stream()
              .map(GovernanceCommand::aggregateId)
              .toList()
              .indexOf("team-" + i);
      assertThat(outcome.position()).isEqualTo(100 + index);
    }
    assertThat(held.alone).extracting(GovernanceCommand::aggregateId).containsExactly("team-0");
    assertThat(held.mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void a_group_that_fails_is_sent_again_command_by_command_and_only_the_refused_one_hears_of_it()
      throws Exception {
    Held held = new Held();
    AtomicInteger tries = new AtomicInteger();
    CommandGroups groups =
        groups(
            held,
            1,
            Duration.ofSeconds(30),
            (commands, messages) -> {
              tries.incrementAndGet();
              throw new GovernanceException(RejectionCode.TEAM_ALREADY_REGISTERED, "in the group");
            });
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    RegisterTeamCommand refused =
        new RegisterTeamCommand(TeamId.of("team-refused"), "Refused", DomainName.of("ops"));
    Future<Outcome> refusedAnswer = send(groups, refused);
    Future<Outcome> fine = send(groups, command(1));
    awaitQueued(groups, 2);
    held.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    assertThat(fine.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-1");
    assertThatThrownBy(() -> refusedAnswer.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            GovernanceException.class, e -> assertThat(e.getMessage()).isEqualTo("exists"));
    assertThat(tries.get()).isEqualTo(1);
    assertThat(held.alone)
        .extracting(GovernanceCommand::aggregateId)
        .containsExactlyInAnyOrder("team-0", "team-refused", "team-1");
  }

  @Test
  void a_command_a_rule_refused_in_a_group_is_sent_alone_and_the_others_go_again_together()
      throws Exception {
    Held held = new Held();
    List<List<GovernanceCommand>> tries = new CopyOnWriteArrayList<>();
    CommandGroups groups =
        groups(
            held,
            1,
            Duration.ofSeconds(30),
            (commands, messages) -> {
              tries.add(List.copyOf(commands));
              int refused =
                  commands.stream()
                      .map(GovernanceCommand::aggregateId)
                      .toList()
                      .indexOf("team-refused");
              if (refused >= 0) {
                throw new GovernanceException(
                    RejectionCode.TEAM_ALREADY_REGISTERED,
                    "command " + refused + " of " + commands.size(),
                    java.util.Map.of("commandIndex", List.of(String.valueOf(refused))));
              }
              return held.together(commands);
            });
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Outcome> one = send(groups, command(1));
    awaitQueued(groups, 1);
    Future<Outcome> refusedAnswer =
        send(
            groups,
            new RegisterTeamCommand(TeamId.of("team-refused"), "Refused", DomainName.of("ops")));
    awaitQueued(groups, 2);
    Future<Outcome> two = send(groups, command(2));
    awaitQueued(groups, 3);
    held.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    assertThat(one.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-1");
    assertThat(two.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-2");
    assertThatThrownBy(() -> refusedAnswer.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(GovernanceException.class);
    // the group of three, then the two others together; the refused one alone
    assertThat(tries).hasSize(2);
    assertThat(tries.get(1))
        .extracting(GovernanceCommand::aggregateId)
        .containsExactly("team-1", "team-2");
    assertThat(held.alone)
        .extracting(GovernanceCommand::aggregateId)
        .containsExactly("team-0", "team-refused");
  }

  @Test
  void an_error_from_one_commands_handler_in_a_group_sends_each_command_alone() throws Exception {
    Held held = new Held();
    CommandGroups groups =
        groups(
            held,
            1,
            Duration.ofSeconds(30),
            (commands, messages) -> {
              throw new AssertionError("a handler's bug");
            });
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Outcome> one = send(groups, command(1));
    awaitQueued(groups, 1);
    Future<Outcome> two = send(groups, command(2));
    awaitQueued(groups, 2);
    held.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    // the leader's caller does not get another command's error: both are answered alone
    assertThat(one.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-1");
    assertThat(two.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-2");
    assertThat(groups.waiting()).isZero();
  }

  @Test
  void a_waiter_interrupted_while_waiting_leads_its_group_without_the_flag_and_gets_it_back()
      throws Exception {
    Held held = new Held();
    java.util.concurrent.atomic.AtomicBoolean interruptedInGroup =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    CommandGroups groups =
        groups(
            held,
            1,
            Duration.ofSeconds(30),
            (commands, messages) -> {
              interruptedInGroup.set(Thread.currentThread().isInterrupted());
              return held.together(commands);
            });
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.atomic.AtomicReference<Outcome> led =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean interruptedAfter =
        new java.util.concurrent.atomic.AtomicBoolean();
    GovernanceCommand leading = command(1);
    Thread waiter =
        new Thread(
            () -> {
              led.set(groups.send(leading, message(leading)));
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
    waiter.start();
    awaitQueued(groups, 1);
    Future<Outcome> other = send(groups, command(2));
    awaitQueued(groups, 2);
    waiter.interrupt();
    held.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    waiter.join(10_000);
    assertThat(led.get().aggregateId()).isEqualTo("team-1");
    assertThat(other.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-2");
    assertThat(held.together).singleElement().satisfies(group -> assertThat(group).hasSize(2));
    assertThat(interruptedInGroup.get()).isFalse();
    assertThat(interruptedAfter.get()).isTrue();
  }

  @Test
  void a_group_whose_commit_failed_answers_that_to_each_of_its_commands_and_sends_none_again()
      throws Exception {
    Held held = new Held();
    IllegalStateException lost = new IllegalStateException("connection lost at the commit");
    CommandGroups groups =
        groups(
            held,
            1,
            Duration.ofSeconds(30),
            (commands, messages) -> {
              throw new GovernanceCommands.CommitFailed(lost);
            });
    Future<Outcome> first = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<Outcome>> grouped = List.of(send(groups, command(1)), send(groups, command(2)));
    awaitQueued(groups, 2);
    held.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    for (Future<Outcome> answer : grouped) {
      assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).cause().isSameAs(lost);
    }
    assertThat(held.alone).extracting(GovernanceCommand::aggregateId).containsExactly("team-0");
  }

  @Test
  void a_command_that_waits_too_long_for_a_transaction_runs_alone_beside_it() throws Exception {
    Held held = new Held();
    CommandGroups groups =
        groups(held, 1, Duration.ofMillis(100), (commands, messages) -> held.together(commands));
    Future<Outcome> slow = send(groups, command(0));
    assertThat(held.entered.await(10, TimeUnit.SECONDS)).isTrue();
    // the first command still holds the only transaction: the second gives up waiting
    assertThat(send(groups, command(1)).get(10, TimeUnit.SECONDS).aggregateId())
        .isEqualTo("team-1");
    assertThat(slow.isDone()).isFalse();
    held.release.countDown();
    assertThat(slow.get(10, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-0");
    assertThat(held.together).isEmpty();
    assertThat(groups.waiting()).isZero();
  }

  @Test
  void many_senders_never_run_more_transactions_than_allowed_and_every_command_is_answered_once()
      throws Exception {
    Held held = new Held();
    held.release.countDown();
    held.entered.countDown();
    CommandGroups groups =
        groups(held, 2, Duration.ofSeconds(30), (commands, messages) -> held.together(commands));
    List<CompletableFuture<Outcome>> answers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      GovernanceCommand command = command(i);
      answers.add(
          CompletableFuture.supplyAsync(() -> groups.send(command, message(command)), senders));
    }
    for (int i = 0; i < answers.size(); i++) {
      assertThat(answers.get(i).get(30, TimeUnit.SECONDS).aggregateId()).isEqualTo("team-" + i);
    }
    assertThat(held.mostAtOnce.get()).isLessThanOrEqualTo(2);
    int grouped = held.together.stream().mapToInt(List::size).sum();
    assertThat(grouped + held.alone.size()).isEqualTo(400);
    assertThat(held.together).allSatisfy(group -> assertThat(group).hasSizeBetween(2, 10));
    assertThat(groups.waiting()).isZero();
  }

  @Test
  void settings_out_of_bounds_are_refused() {
    assertThatThrownBy(() -> new CommandGroups.Settings(0, 2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommandGroups.Settings(2, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommandGroups.Settings(2, 2, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
