package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.command.GovernanceGateway.Outcome;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every rule that spans aggregates, tried by many writers at once against a real database: each
 * round starts its commands together and then checks the rule still holds in what was stored. A
 * rule decided on state another transaction has not committed yet would break in some rounds.
 * {@code -Dmeshgov.test.concurrency.rounds} raises the number of rounds for a longer local run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConcurrentRulesContract {

  private static final int ROUNDS = Integer.getInteger("meshgov.test.concurrency.rounds", 12);
  private static final int WRITERS = 6;

  private ConfigurableApplicationContext context;
  private GovernanceCommands commands;
  private JdbcTemplate jdbc;
  private ExecutorService writers;

  abstract StoreUnderTest store();

  @BeforeAll
  void start() {
    context =
        CommandSideTestApplication.start(store(), "spring.datasource.hikari.maximum-pool-size=8");
    commands = context.getBean(GovernanceCommands.class);
    TestDomains.register(commands, "payments");
    jdbc = context.getBean(JdbcTemplate.class);
    writers = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterAll
  void stop() {
    writers.shutdownNow();
    if (context != null) {
      context.close();
    }
  }

  @Test
  void a_product_never_retires_while_a_subscription_to_it_is_approved() {
    for (int round = 0; round < ROUNDS; round++) {
      TeamId producer = team("alice");
      TeamId consumer = team("carol");
      DataProductId product = product(producer, "alice");
      List<SubscriptionId> pending = new ArrayList<>();
      for (int i = 0; i < WRITERS - 1; i++) {
        SubscriptionId id = SubscriptionId.random();
        commands.send(
            new RequestSubscriptionCommand(id, product, consumer, null, "reports", List.of(), null),
            "carol",
            null);
        pending.add(id);
      }
      List<Callable<Outcome>> tries = new ArrayList<>();
      tries.add(() -> commands.send(new RetireDataProductCommand(product), "alice", null));
      pending.forEach(
          id -> tries.add(() -> commands.send(new ApproveSubscriptionCommand(id), "alice", null)));

      List<Result> results = together(tries);

      String lifecycle =
          jdbc.queryForObject(
              "select lifecycle from lookup_product where product_id = ?",
              String.class,
              product.value());
      Integer approved =
          jdbc.queryForObject(
              "select count(*) from lookup_subscription where product_id = ? and status = 'APPROVED'",
              Integer.class,
              product.value());
      assertThat(lifecycle.equals("RETIRED") && approved > 0)
          .as(
              "round %d: %s is %s with %d approved subscription(s)",
              round, product, lifecycle, approved)
          .isFalse();
      // every loser was refused by a rule, never by an internal failure
      results.stream()
          .filter(r -> r.refusal() != null)
          .forEach(
              r ->
                  assertThat(r.refusal().code())
                      .isIn(
                          RejectionCode.SUNSET_NOT_REACHED,
                          RejectionCode.PRODUCT_RETIRED,
                          RejectionCode.CONCURRENT_MODIFICATION));
    }
  }

  @Test
  void concurrent_declarations_never_close_a_lineage_cycle() {
    for (int round = 0; round < ROUNDS; round++) {
      TeamId team = team("alice");
      List<DataProductId> ring =
          IntStream.range(0, WRITERS).mapToObj(i -> product(team, "alice")).toList();
      // each declares its neighbour as upstream: all together would make one ring
      List<Callable<Outcome>> tries = new ArrayList<>();
      for (int i = 0; i < ring.size(); i++) {
        DataProductId downstream = ring.get(i);
        DataProductId upstream = ring.get((i + 1) % ring.size());
        tries.add(
            () ->
                commands.send(
                    new DeclareUpstreamCommand(downstream, upstream, List.of()), "alice", null));
      }
      List<Result> results = together(tries);

      assertThat(results.stream().filter(r -> r.outcome() != null).count())
          .as("round %d: a ring of %d cannot be declared whole", round, ring.size())
          .isLessThan(ring.size());
      // refused as a cycle, or (when the database broke a deadlock between two of them) as a
      // concurrent change, never by an internal failure
      results.stream()
          .filter(r -> r.refusal() != null)
          .forEach(
              r ->
                  assertThat(r.refusal().code())
                      .isIn(RejectionCode.LINEAGE_CYCLE, RejectionCode.CONCURRENT_MODIFICATION));
      for (DataProductId product : ring) {
        assertThat(reaches(product, product))
            .as("round %d: %s feeds itself", round, product)
            .isFalse();
      }
    }
  }

  /**
   * On PostgreSQL a declaration locks only what its cycle check relies on (decision 65): while one
   * check is held open, a declaration elsewhere in the mesh finishes, and one that would give an
   * edge to a product the open check reached waits for it. (H2 has only exclusive row locks: there
   * declarations take turns on one guard row.)
   */
  @Test
  void a_declaration_waits_only_for_declarations_its_cycle_check_relies_on() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        store().url().startsWith("jdbc:postgresql:"), "row locks by reach: PostgreSQL only");
    TeamId team = team("alice");
    DataProductId a = product(team, "alice");
    DataProductId b = product(team, "alice");
    DataProductId c = product(team, "alice");
    DataProductId x = product(team, "alice");
    DataProductId y = product(team, "alice");
    DataProductId z = product(team, "alice");
    commands.send(new DeclareUpstreamCommand(b, a, List.of()), "alice", null); // a -> b
    JdbcLookups lookups = context.getBean(JdbcLookups.class);
    var transactions =
        new org.springframework.transaction.support.TransactionTemplate(
            context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
    CountDownLatch checked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // the check of c as upstream of a stays open: it holds c, and a and b (reached from a)
    Future<Boolean> open =
        writers.submit(
            () ->
                transactions.execute(
                    status -> {
                      boolean cycle = lookups.feeds(a, c);
                      checked.countDown();
                      try {
                        release.await(60, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return cycle;
                    }));
    assertThat(checked.await(30, TimeUnit.SECONDS)).isTrue();
    try {
      // an unrelated part of the mesh goes ahead meanwhile
      Future<Outcome> unrelated =
          writers.submit(
              () -> commands.send(new DeclareUpstreamCommand(y, x, List.of()), "alice", null));
      assertThat(unrelated.get(30, TimeUnit.SECONDS).position()).isPositive();
      // b gaining an edge (b -> z) would change what the open check relied on: it waits
      Future<Outcome> related =
          writers.submit(
              () -> commands.send(new DeclareUpstreamCommand(z, b, List.of()), "alice", null));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (waitingForLocks() == 0 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(waitingForLocks()).as("b -> z waits on a row lock").isPositive();
      assertThat(related.isDone()).isFalse();
      release.countDown();
      assertThat(open.get(30, TimeUnit.SECONDS)).isFalse();
      assertThat(related.get(30, TimeUnit.SECONDS).position()).isPositive();
    } finally {
      release.countDown();
    }
  }

  /** Sessions of this database waiting for a row or transaction lock (PostgreSQL). */
  private int waitingForLocks() {
    Integer waiting =
        jdbc.queryForObject(
            "select count(*) from pg_stat_activity"
                + " where datname = current_database() and wait_event_type = 'Lock'",
            Integer.class);
    return waiting == null ? 0 : waiting;
  }

  @Test
  void an_id_is_registered_once_however_many_ask_at_the_same_time() {
    for (int round = 0; round < ROUNDS; round++) {
      TeamId team = TeamId.of("race-" + UUID.randomUUID().toString().substring(0, 8));
      List<Callable<Outcome>> tries = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        String person = "p" + i;
        tries.add(
            () ->
                commands.send(
                    new RegisterTeamCommand(team, "Race", DomainName.of("payments")),
                    TestDomains.owner(person)));
      }
      List<Result> results = together(tries);
      assertThat(results.stream().filter(r -> r.outcome() != null)).hasSize(1);
      results.stream()
          .filter(r -> r.refusal() != null)
          .forEach(
              r -> assertThat(r.refusal().code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED));
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from domain_event_entry where aggregate_identifier = ?"
                      + " and sequence_number = 0",
                  Integer.class,
                  team.value()))
          .isEqualTo(1);
    }
  }

  @Test
  void a_transfer_is_accepted_once_however_many_receivers_try() {
    for (int round = 0; round < ROUNDS; round++) {
      TeamId giving = team("alice");
      String[] receivers =
          IntStream.range(0, WRITERS).mapToObj(i -> "r" + i).toArray(String[]::new);
      TeamId receiving = team("lead", receivers);
      DataProductId product = product(giving, "alice");
      TransferId transfer = TransferId.random();
      commands.send(
          new RequestOwnershipTransferCommand(product, transfer, receiving, "reorganisation"),
          "alice",
          null);
      List<Callable<Outcome>> tries = new ArrayList<>();
      for (String receiver : receivers) {
        tries.add(
            () ->
                commands.send(
                    new AcceptOwnershipTransferCommand(product, transfer), receiver, null));
      }
      List<Result> results = together(tries);
      assertThat(results.stream().filter(r -> r.outcome() != null)).hasSize(1);
      results.stream()
          .filter(r -> r.refusal() != null)
          .forEach(
              r ->
                  assertThat(r.refusal().code())
                      .isIn(RejectionCode.NO_OPEN_TRANSFER, RejectionCode.CONCURRENT_MODIFICATION));
      assertThat(
              jdbc.queryForObject(
                  "select owning_team from lookup_product where product_id = ?",
                  String.class,
                  product.value()))
          .isEqualTo(receiving.value());
    }
  }

  private record Result(Outcome outcome, GovernanceException refusal) {}

  /** Starts every try at once and waits for all; a failure other than a refusal fails the test. */
  private List<Result> together(List<Callable<Outcome>> tries) {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (Callable<Outcome> attempt : tries) {
      futures.add(
          writers.submit(
              () -> {
                start.await();
                return attempt.call();
              }));
    }
    start.countDown();
    List<Result> results = new ArrayList<>();
    for (Future<Outcome> future : futures) {
      try {
        results.add(new Result(future.get(60, TimeUnit.SECONDS), null));
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(GovernanceException.class);
        results.add(new Result(null, (GovernanceException) e.getCause()));
      } catch (Exception e) {
        throw new AssertionError("a writer did not finish", e);
      }
    }
    return results;
  }

  private boolean reaches(DataProductId from, DataProductId to) {
    Integer count =
        jdbc.queryForObject(
            """
            with recursive reach(product_id) as (
              select downstream from lookup_lineage_edge where upstream = ?
              union
              select e.downstream from lookup_lineage_edge e join reach r on e.upstream = r.product_id
            )
            select count(*) from reach where product_id = ?
            """,
            Integer.class,
            from.value(),
            to.value());
    return count != null && count > 0;
  }

  private TeamId team(String lead, String... members) {
    TeamId team = TeamId.of("team-" + UUID.randomUUID().toString().substring(0, 8));
    commands.send(
        new RegisterTeamCommand(team, "Team " + team, DomainName.of("payments")),
        TestDomains.owner(lead));
    for (String member : members) {
      commands.send(
          new AddTeamMemberCommand(team, PersonId.of(member), TeamRole.MEMBER), lead, null);
    }
    return team;
  }

  private DataProductId product(TeamId owner, String actor) {
    DataProductId product =
        DataProductId.of("payments.p" + UUID.randomUUID().toString().substring(0, 8));
    commands.send(
        new RegisterDataProductCommand(product, owner, null, null, List.of(), null, null, null),
        actor,
        null);
    return product;
  }
}
