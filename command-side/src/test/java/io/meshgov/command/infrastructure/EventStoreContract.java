package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshgov.api.Classification;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DatasetBoundEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every event store the application runs on must do, tested through the real command gateway
 * against a real database. Subclasses say which database: the local PostgreSQL server, a PostgreSQL
 * container where Docker exists, the embedded file store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStoreContract {

  static final String SCHEMA =
      """
      {"type":"record","name":"Settlement","fields":[
        {"name":"id","type":"string"},{"name":"amount","type":"long"}]}
      """;

  private ConfigurableApplicationContext context;
  protected GovernanceCommands commands;

  /** The store this run uses; called once before the tests. */
  abstract StoreUnderTest store();

  @BeforeAll
  void startCommandSide() {
    context = start();
    commands = context.getBean(GovernanceCommands.class);
    TestDomains.register(commands, "payments", "ops");
  }

  @AfterAll
  void stopCommandSide() {
    if (context != null) {
      context.close();
    }
  }

  protected ConfigurableApplicationContext start() {
    return CommandSideTestApplication.start(store());
  }

  protected ConfigurableApplicationContext context() {
    return context;
  }

  /** An id no team has yet. */
  private static TeamId newTeamId() {
    return TeamId.of("team-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A team with a fresh id and alice as its lead; returns the id. */
  protected TeamId team(String lead, String... members) {
    TeamId team = newTeamId();
    commands.send(
        new RegisterTeamCommand(team, "Team " + team, DomainName.of("payments")), lead, null);
    for (String member : members) {
      commands.send(
          new AddTeamMemberCommand(team, PersonId.of(member), TeamRole.MEMBER), lead, null);
    }
    return team;
  }

  protected DataProductId product(TeamId owner, String actor) {
    DataProductId product =
        DataProductId.of("payments.p" + UUID.randomUUID().toString().substring(0, 8));
    commands.send(
        new RegisterDataProductCommand(
            product,
            owner,
            null,
            "test product",
            List.of("test"),
            Classification.INTERNAL,
            null,
            null),
        actor,
        null);
    return product;
  }

  @Test
  void commands_through_the_gateway_are_stored_in_order_with_their_metadata() {
    TeamId team = team("alice", "bob");
    DataProductId product = product(team, "alice");
    var outcome =
        commands.send(
            new PublishSchemaVersionCommand(product, SCHEMA),
            new Origin("bob", "first contract", "corr-42", "cmd-7"));

    EventStore store = context.getBean(EventStore.class);
    List<? extends DomainEventMessage<?>> teamEvents =
        store.readEvents(team.value()).asStream().toList();
    assertThat(teamEvents)
        .extracting(e -> (Object) e.getPayloadType())
        .containsExactly(
            TeamRegisteredEvent.class, TeamMemberAddedEvent.class, TeamMemberAddedEvent.class);
    assertThat(teamEvents)
        .extracting(DomainEventMessage::getSequenceNumber)
        .containsExactly(0L, 1L, 2L);
    assertThat(teamEvents.get(0).getMetaData())
        .containsEntry(GovernanceMetaData.ACTOR, "alice")
        .containsKeys(GovernanceMetaData.CORRELATION_ID, GovernanceMetaData.CAUSATION_ID);
    // both events of one command share their correlation and their cause
    assertThat(teamEvents.get(1).getMetaData().get(GovernanceMetaData.CAUSATION_ID))
        .isEqualTo(teamEvents.get(0).getMetaData().get(GovernanceMetaData.CAUSATION_ID));

    List<? extends DomainEventMessage<?>> productEvents =
        store.readEvents(product.value()).asStream().toList();
    assertThat(productEvents)
        .extracting(e -> (Object) e.getPayloadType())
        .containsExactly(DataProductRegisteredEvent.class, SchemaVersionPublishedEvent.class);
    DomainEventMessage<?> published = productEvents.get(1);
    assertThat(published.getMetaData())
        .containsEntry(GovernanceMetaData.ACTOR, "bob")
        .containsEntry(GovernanceMetaData.REASON, "first contract")
        .containsEntry(GovernanceMetaData.CORRELATION_ID, "corr-42");
    // the sender's command id is the cause of its events
    assertThat(published.getMetaData()).containsEntry(GovernanceMetaData.CAUSATION_ID, "cmd-7");
    assertThat(((SchemaVersionPublishedEvent) published.getPayload()).version()).isEqualTo(1);
    assertThat(published.getTimestamp())
        .isAfter(productEvents.get(0).getTimestamp().minusMillis(1));
    // a processor reading the store (its own reader of times) sees the same times
    Map<String, java.time.Instant> tracked = new HashMap<>();
    try (var stream = store.openStream(null)) {
      while (stream.hasNextAvailable()) {
        var event = stream.nextAvailable();
        tracked.put(event.getIdentifier(), event.getTimestamp());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    for (DomainEventMessage<?> event : productEvents) {
      assertThat(tracked).containsEntry(event.getIdentifier(), event.getTimestamp());
    }

    // the store's global order follows the order of the commands, and the outcome names it
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    List<String> globalOrder =
        jdbc.queryForList(
            "select aggregate_identifier from domain_event_entry"
                + " where aggregate_identifier in (?, ?) order by global_index",
            String.class,
            team.value(),
            product.value());
    assertThat(globalOrder)
        .containsExactly(
            team.value(), team.value(), team.value(), product.value(), product.value());
    Long last =
        jdbc.queryForObject(
            "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
            Long.class,
            product.value());
    assertThat(outcome.position()).isEqualTo(last);
    assertThat(outcome.aggregateId()).isEqualTo(product.value());
  }

  @Test
  void a_bulk_is_stored_whole_each_event_with_its_own_metadata_and_rules_see_earlier_commands() {
    TeamId team = newTeamId();
    DataProductId upstream =
        DataProductId.of("payments.b" + UUID.randomUUID().toString().substring(0, 8));
    DataProductId downstream =
        DataProductId.of("payments.b" + UUID.randomUUID().toString().substring(0, 8));
    // the team, its member, two products and the lineage between them, in one unit: each command
    // needs what the ones before it did (the team for the products, both products for the edge)
    List<GovernanceCommand> bulk =
        List.of(
            new RegisterTeamCommand(team, "Team", DomainName.of("payments")),
            new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER),
            registration(upstream, team),
            registration(downstream, team),
            new PublishSchemaVersionCommand(upstream, SCHEMA),
            new DeclareUpstreamCommand(downstream, upstream, List.of()));
    var outcomes =
        commands.sendAll(
            bulk, new Origin("alice", "import from the old catalog", "corr-bulk", null));

    assertThat(outcomes).hasSize(6);
    EventStore store = context.getBean(EventStore.class);
    List<? extends DomainEventMessage<?>> teamEvents =
        store.readEvents(team.value()).asStream().toList();
    assertThat(teamEvents).hasSize(3); // registered with its lead, then bob
    List<? extends DomainEventMessage<?>> upstreamEvents =
        store.readEvents(upstream.value()).asStream().toList();
    assertThat(upstreamEvents)
        .extracting(e -> (Object) e.getPayloadType())
        .containsExactly(DataProductRegisteredEvent.class, SchemaVersionPublishedEvent.class);
    // each command is the cause of its own events; all share the bulk's story and reason
    assertThat(upstreamEvents.get(0).getMetaData().get(GovernanceMetaData.CAUSATION_ID))
        .isNotEqualTo(upstreamEvents.get(1).getMetaData().get(GovernanceMetaData.CAUSATION_ID));
    assertThat(upstreamEvents.get(1).getMetaData())
        .containsEntry(GovernanceMetaData.ACTOR, "alice")
        .containsEntry(GovernanceMetaData.REASON, "import from the old catalog")
        .containsEntry(GovernanceMetaData.CORRELATION_ID, "corr-bulk");
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    Long last =
        jdbc.queryForObject(
            "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
            Long.class,
            upstream.value());
    assertThat(outcomes.get(4).position()).isEqualTo(last);
    assertThat(outcomes.get(2).position()).isEqualTo(last);
  }

  @Test
  void a_bulk_whose_aggregates_are_not_in_memory_reads_its_own_events_before_they_are_stored() {
    // a batch stores its events and lookup rows just before it commits: a command that loads its
    // aggregate from the store (none is kept in memory here) must still see what the batch's
    // earlier commands appended to it, and a rule must see the lookup rows they wrote
    try (ConfigurableApplicationContext uncached =
        CommandSideTestApplication.start(store(), "meshgov.command-side.cache-aggregates=false")) {
      GovernanceCommands bulk = uncached.getBean(GovernanceCommands.class);
      TeamId team = newTeamId();
      DataProductId upstream =
          DataProductId.of("payments.u" + UUID.randomUUID().toString().substring(0, 8));
      DataProductId downstream =
          DataProductId.of("payments.d" + UUID.randomUUID().toString().substring(0, 8));
      List<GovernanceCommand> first =
          List.of(
              new RegisterTeamCommand(team, "Team", DomainName.of("payments")),
              new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER),
              new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER),
              registration(upstream, team),
              registration(downstream, team),
              new PublishSchemaVersionCommand(upstream, SCHEMA),
              new DeclareUpstreamCommand(downstream, upstream, List.of()));
      var outcomes = bulk.sendAll(first, Origin.of("alice", null));

      JdbcTemplate jdbc = uncached.getBean(JdbcTemplate.class);
      java.util.function.Function<String, Long> last =
          aggregate ->
              jdbc.queryForObject(
                  "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                  Long.class,
                  aggregate);
      assertThat(outcomes)
          .extracting(o -> o.position())
          .containsExactly(
              last.apply(team.value()),
              last.apply(team.value()),
              last.apply(team.value()),
              last.apply(upstream.value()),
              last.apply(downstream.value()),
              last.apply(upstream.value()),
              last.apply(downstream.value()));
      EventStore store = uncached.getBean(EventStore.class);
      // registered with its lead, then bob and carol, each event once
      assertThat(store.readEvents(team.value()).asStream().toList())
          .extracting(DomainEventMessage::getSequenceNumber)
          .containsExactly(0L, 1L, 2L, 3L);
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from lookup_team_member where team_id = ?",
                  Integer.class,
                  team.value()))
          .isEqualTo(3);
      // the rules read the batch's rows: bob twice in one batch is refused at the second, and the
      // edge declared above closes no cycle but its reverse would
      assertThatThrownBy(
              () ->
                  bulk.sendAll(
                      List.of(
                          new AddTeamMemberCommand(team, PersonId.of("dave"), TeamRole.MEMBER),
                          new AddTeamMemberCommand(team, PersonId.of("dave"), TeamRole.MEMBER)),
                      Origin.of("alice", null)))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RejectionCode.ALREADY_A_MEMBER);
                assertThat(e.details()).containsEntry("commandIndex", List.of("1"));
              });
      // a third product fed by downstream, then upstream fed by it: the cycle upstream ->
      // downstream -> third -> upstream closes through an edge of the same batch
      DataProductId third =
          DataProductId.of("payments.t" + UUID.randomUUID().toString().substring(0, 8));
      assertThatThrownBy(
              () ->
                  bulk.sendAll(
                      List.of(
                          registration(third, team),
                          new DeclareUpstreamCommand(third, downstream, List.of()),
                          new DeclareUpstreamCommand(upstream, third, List.of())),
                      Origin.of("alice", null)))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RejectionCode.LINEAGE_CYCLE);
                assertThat(e.details()).containsEntry("commandIndex", List.of("2"));
              });
      assertThat(store.readEvents(team.value()).asStream().toList()).hasSize(4);
      assertThat(store.readEvents(downstream.value()).asStream().toList()).hasSize(2);
      assertThat(store.readEvents(third.value()).asStream().toList()).isEmpty();
    }
    assertHistoryIntact();
  }

  @Test
  void a_dataset_bound_by_two_products_at_the_same_moment_is_bound_once_and_the_other_refused() {
    // a command's lookup rows are written with its chain links just before it commits: here the
    // rule of the first binding has read that the dataset is free, then a second product binds
    // it and commits; the first one's row then meets the second's key at its commit, and the
    // first command is decided once more, now refused by its rule
    TeamId team = team("alice");
    DataProductId first = product(team, "alice");
    DataProductId second = product(team, "alice");
    String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    var bindFirst =
        new io.meshgov.api.command.DataProductCommand.BindDatasetCommand(
            first, "kafka://mesh", name);
    var bindSecond =
        new io.meshgov.api.command.DataProductCommand.BindDatasetCommand(
            second, "kafka://mesh", name);
    // once the first binding is decided, not yet committed
    var race = Race.at(context, bindFirst, true, () -> commands.send(bindSecond, "alice", null));
    try {
      assertThatThrownBy(() -> commands.send(bindFirst, "alice", null))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> assertThat(e.code()).isEqualTo(RejectionCode.DATASET_BOUND_ELSEWHERE));
      assertThat(race.ran()).isTrue();
    } finally {
      race.close();
    }
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    assertThat(
            jdbc.queryForList(
                "select product_id from lookup_dataset where dataset_key = ?",
                String.class,
                LookupProjector.datasetKey(io.meshgov.api.DatasetName.of("kafka://mesh", name))))
        .containsExactly(second.value());
    EventStore store = context.getBean(EventStore.class);
    assertThat(store.readEvents(first.value()).asStream())
        .noneMatch(e -> e.getPayload() instanceof DatasetBoundEvent);
    assertThat(store.readEvents(second.value()).asStream())
        .anyMatch(e -> e.getPayload() instanceof DatasetBoundEvent);
    assertHistoryIntact();
  }

  @Test
  void a_bulk_whose_kept_lookup_row_is_refused_at_a_read_is_sent_again_and_names_the_command() {
    // the batch's lookup rows wait; another transaction registers the batch's new team after the
    // batch decided it: the third command's rule reads the team table, and writing the batch's
    // kept row first meets the other's key, which names no command; the batch is sent again, now
    // decided command by command on what the other stored, and refused naming its command
    TeamId team = newTeamId();
    var register = new RegisterTeamCommand(team, "Team", DomainName.of("payments"));
    var member = new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER);
    TeamId other = newTeamId();
    var third = new RegisterTeamCommand(other, "Other", DomainName.of("payments"));
    // at the third command: the team's own commands are decided (its lock let go)
    var race = Race.at(context, third, false, () -> commands.send(register, "alice", null));
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    try {
      assertThatThrownBy(
              () -> commands.sendAll(List.of(register, member, third), Origin.of("alice", null)))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED);
                assertThat(e.details()).containsEntry("commandIndex", List.of("0"));
              });
      assertThat(race.ran()).isTrue();
    } finally {
      race.close();
    }
    // the other transaction's team, without the batch's member
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream().toList())
        .hasSize(2);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from lookup_team_member where team_id = ?",
                Integer.class,
                team.value()))
        .isEqualTo(1);
    assertThat(context.getBean(EventStore.class).readEvents(other.value()).asStream().toList())
        .isEmpty();
    assertHistoryIntact();
  }

  @Test
  void a_bulk_whose_store_refuses_its_events_at_the_commit_is_sent_again_and_names_the_command() {
    // the same, but the other transaction registers the team after the batch's last command, which
    // reads no lookup: the batch's events meet the other's key at the commit itself
    TeamId existing = team("alice");
    TeamId team = newTeamId();
    var register = new RegisterTeamCommand(team, "Team", DomainName.of("payments"));
    var member = new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER);
    var last = new AddTeamMemberCommand(existing, PersonId.of("carol"), TeamRole.MEMBER);
    EventStore store = context.getBean(EventStore.class);
    try (var race = Race.at(context, last, true, () -> commands.send(register, "alice", null))) {
      assertThatThrownBy(
              () -> commands.sendAll(List.of(register, member, last), Origin.of("alice", null)))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED);
                assertThat(e.details()).containsEntry("commandIndex", List.of("0"));
              });
      assertThat(race.ran()).isTrue();
    }
    assertThat(store.readEvents(team.value()).asStream().toList()).hasSize(2);
    assertThat(store.readEvents(existing.value()).asStream().toList()).hasSize(2); // no carol
    assertHistoryIntact();
  }

  @Test
  void a_bulk_whose_kept_sequence_another_service_takes_meanwhile_is_sent_again_and_stored() {
    // a second command service (this test's own context, with no aggregate kept in memory) runs
    // a batch on a team; after the batch's first command, this service adds a member to the same
    // team: the batch's second command reads the team from the store, finds the other's event at
    // the sequence the batch keeps, and the batch is sent again, decided on what is stored
    TeamId team = team("alice");
    var carol = new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER);
    var dave = new AddTeamMemberCommand(team, PersonId.of("dave"), TeamRole.MEMBER);
    var erin = new AddTeamMemberCommand(team, PersonId.of("erin"), TeamRole.MEMBER);
    try (ConfigurableApplicationContext other =
            CommandSideTestApplication.start(
                store(), "meshgov.command-side.cache-aggregates=false");
        var race = Race.at(other, carol, true, () -> commands.send(erin, "alice", null))) {
      var outcomes =
          other
              .getBean(GovernanceCommands.class)
              .sendAll(List.of(carol, dave), Origin.of("alice", null));
      assertThat(race.ran()).isTrue();
      assertThat(outcomes).hasSize(2);
    }
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream())
        .filteredOn(e -> e.getPayload() instanceof TeamMemberAddedEvent)
        .extracting(e -> ((TeamMemberAddedEvent) e.getPayload()).person().value())
        .containsExactly("alice", "erin", "carol", "dave");
    assertHistoryIntact();
  }

  /** A second command service on the same store, keeping no aggregate in memory. */
  private ConfigurableApplicationContext otherService() {
    return CommandSideTestApplication.start(store(), "meshgov.command-side.cache-aggregates=false");
  }

  /** Just before {@code command} is decided here, {@code other} sends {@code elsewhere}. */
  private Race meanwhileElsewhere(
      ConfigurableApplicationContext other, Object command, GovernanceCommand elsewhere) {
    return Race.at(
        context,
        command,
        false,
        () -> other.getBean(GovernanceCommands.class).send(elsewhere, "alice", null));
  }

  @Test
  void
      a_bulk_on_a_team_in_memory_that_another_service_changes_meanwhile_is_decided_on_the_change() {
    // this service keeps the team in memory; the batch asks the team's last sequence once, at its
    // start; then, before the batch's command on it is decided, another service adds the same
    // person: the batch may not decide on what it kept (it would add the person twice)
    TeamId team = team("alice");
    var carol = new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER);
    try (ConfigurableApplicationContext other = otherService();
        var race =
            meanwhileElsewhere(
                other,
                carol,
                new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER))) {
      assertThatThrownBy(() -> commands.sendAll(List.of(carol), Origin.of("alice", null)))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> {
                assertThat(e.code()).isEqualTo(RejectionCode.ALREADY_A_MEMBER);
                assertThat(e.details()).containsEntry("commandIndex", List.of("0"));
              });
      assertThat(race.ran()).isTrue();
    }
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream())
        .filteredOn(e -> e.getPayload() instanceof TeamMemberAddedEvent)
        .extracting(e -> ((TeamMemberAddedEvent) e.getPayload()).person().value())
        .containsExactly("alice", "carol");
    assertHistoryIntact();
  }

  @Test
  void a_bulk_refused_on_its_question_about_a_team_another_service_changed_is_decided_again() {
    // carol is a member when the batch asks the team's last sequence; before the batch's command
    // is decided another service removes her: the team kept in memory (checked against the
    // batch's answer) still has her, and refuses adding her; the batch finds the team moved since
    // its question and decides again on what is stored, where adding her succeeds
    TeamId team = team("alice", "carol");
    var addCarol = new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER);
    try (ConfigurableApplicationContext other = otherService();
        var race =
            meanwhileElsewhere(
                other,
                addCarol,
                new io.meshgov.api.command.TeamCommand.RemoveTeamMemberCommand(
                    team, PersonId.of("carol")))) {
      var outcomes = commands.sendAll(List.of(addCarol), Origin.of("alice", null));
      assertThat(race.ran()).isTrue();
      assertThat(outcomes).hasSize(1);
    }
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream())
        .extracting(e -> e.getPayloadType().getSimpleName())
        .containsExactly(
            "TeamRegisteredEvent",
            "TeamMemberAddedEvent",
            "TeamMemberAddedEvent",
            "TeamMemberRemovedEvent",
            "TeamMemberAddedEvent");
    assertHistoryIntact();
  }

  @Test
  void a_bulk_on_a_team_another_transaction_registers_meanwhile_reads_it_from_the_store() {
    // the batch asks once which of its aggregates have no events; the team has none then, and is
    // registered by another transaction before the batch's command on it: that command finds it
    // missing, and the batch is sent again with every aggregate read from the store
    TeamId team = newTeamId();
    var register = new RegisterTeamCommand(team, "Team", DomainName.of("payments"));
    var member = new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER);
    java.util.concurrent.atomic.AtomicInteger decided =
        new java.util.concurrent.atomic.AtomicInteger();
    var counting =
        context
            .getBean(org.axonframework.commandhandling.CommandBus.class)
            .registerHandlerInterceptor(
                (unitOfWork, chain) -> {
                  if (unitOfWork.getMessage().getPayload() == member) {
                    decided.incrementAndGet();
                  }
                  return chain.proceed();
                });
    Runnable registerElsewhere =
        () -> {
          commands.send(register, "alice", null);
          // as another command service would: this one's memory does not know the team
          context.getBean(AggregateCaches.class).forget(List.of(team.value()));
        };
    try (var race = Race.at(context, member, false, registerElsewhere)) {
      var outcomes = commands.sendAll(List.of(member), Origin.of("alice", null));
      assertThat(race.ran()).isTrue();
      assertThat(outcomes).hasSize(1);
      // found missing on the batch's first answer, decided again on the store's
      assertThat(decided).hasValue(2);
    } finally {
      counting.cancel();
    }
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream().toList())
        .extracting(e -> (Object) e.getPayloadType())
        .containsExactly(
            TeamRegisteredEvent.class, TeamMemberAddedEvent.class, TeamMemberAddedEvent.class);
    assertHistoryIntact();
  }

  @Test
  void
      a_bulk_links_each_event_on_the_one_before_it_in_its_own_transaction_and_forgets_a_rollback() {
    // a batch keeps the links and sequences it wrote for its own later commands (no read back,
    // no probe): the chain must come out the same as command by command, and what a rolled-back
    // batch wrote must not be linked on
    TeamId team = newTeamId();
    List<GovernanceCommand> first = new java.util.ArrayList<>();
    first.add(new RegisterTeamCommand(team, "Team", DomainName.of("payments")));
    for (int i = 0; i < 5; i++) {
      first.add(new AddTeamMemberCommand(team, PersonId.of("m" + i), TeamRole.MEMBER));
    }
    commands.sendAll(first, Origin.of("alice", null));
    commands.send(
        new AddTeamMemberCommand(team, PersonId.of("m5"), TeamRole.MEMBER), "alice", null);
    assertThatThrownBy(
            () ->
                commands.sendAll(
                    List.of(
                        new AddTeamMemberCommand(team, PersonId.of("m6"), TeamRole.MEMBER),
                        new AddTeamMemberCommand(team, PersonId.of("m7"), TeamRole.MEMBER),
                        // refused: registered already
                        new RegisterTeamCommand(team, "Team", DomainName.of("payments"))),
                    Origin.of("alice", null)))
        .isInstanceOf(GovernanceException.class);
    commands.sendAll(
        List.of(
            new AddTeamMemberCommand(team, PersonId.of("m6"), TeamRole.MEMBER),
            new AddTeamMemberCommand(team, PersonId.of("m8"), TeamRole.MEMBER)),
        Origin.of("alice", null));
    commands.send(
        new AddTeamMemberCommand(team, PersonId.of("m9"), TeamRole.MEMBER), "alice", null);

    EventStore store = context.getBean(EventStore.class);
    // registered with its lead, then m0 to m5, m6, m8 and m9
    assertThat(store.readEvents(team.value()).asStream().toList()).hasSize(11);
    assertHistoryIntact();
  }

  @Test
  void a_transaction_suspended_for_an_inner_one_keeps_its_links_apart() {
    // the links a transaction keeps until its commit are its own: an inner transaction that
    // commits while the outer one is suspended writes its links with its events, and the outer
    // one's rollback takes only the outer one's
    TeamId outerTeam = newTeamId();
    TeamId innerTeam = newTeamId();
    var manager = context.getBean(org.springframework.transaction.PlatformTransactionManager.class);
    var outer = new org.springframework.transaction.support.TransactionTemplate(manager);
    var inner = new org.springframework.transaction.support.TransactionTemplate(manager);
    inner.setPropagationBehavior(
        org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    outer.executeWithoutResult(
        status -> {
          commands.send(
              new RegisterTeamCommand(outerTeam, "Outer", DomainName.of("payments")),
              "alice",
              null);
          inner.executeWithoutResult(
              s ->
                  commands.send(
                      new RegisterTeamCommand(innerTeam, "Inner", DomainName.of("payments")),
                      "alice",
                      null));
          commands.send(
              new AddTeamMemberCommand(outerTeam, PersonId.of("bob"), TeamRole.MEMBER),
              "alice",
              null);
          status.setRollbackOnly();
        });
    commands.send(
        new AddTeamMemberCommand(innerTeam, PersonId.of("bob"), TeamRole.MEMBER), "alice", null);

    EventStore store = context.getBean(EventStore.class);
    assertThat(store.readEvents(outerTeam.value()).asStream().toList()).isEmpty();
    assertThat(store.readEvents(innerTeam.value()).asStream().toList()).hasSize(3);
    assertHistoryIntact();
  }

  /**
   * Commands sent alone while every command transaction is busy (each held in its handler until the
   * others queue) wait, and are then sent together: one transaction is let go, and the first
   * command waiting takes all the others; the rest are let go once every answer is in. Returns each
   * one's answer or refusal.
   */
  private List<Object> sendWhileBusy(List<GovernanceCommand> queued, List<String> reasons)
      throws Exception {
    CommandGroups groups = commands.groups();
    int transactions = groups.settings().transactions();
    java.util.concurrent.CountDownLatch entered =
        new java.util.concurrent.CountDownLatch(transactions);
    java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<GovernanceCommand> holders = new ArrayList<>();
    for (int i = 0; i < transactions; i++) {
      holders.add(new RegisterTeamCommand(newTeamId(), "Holder", DomainName.of("payments")));
    }
    var registration =
        context
            .getBean(org.axonframework.commandhandling.CommandBus.class)
            .registerHandlerInterceptor(
                (unitOfWork, chain) -> {
                  Object payload = unitOfWork.getMessage().getPayload();
                  if (holders.contains(payload)) {
                    entered.countDown();
                    (payload == holders.get(0) ? releaseFirst : release)
                        .await(30, java.util.concurrent.TimeUnit.SECONDS);
                  }
                  return chain.proceed();
                });
    ExecutorService senders = Executors.newFixedThreadPool(transactions + queued.size());
    try {
      List<Future<?>> held = new ArrayList<>();
      for (GovernanceCommand holder : holders) {
        held.add(senders.submit(() -> commands.send(holder, "alice", null)));
      }
      assertThat(entered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < queued.size(); i++) {
        GovernanceCommand command = queued.get(i);
        Origin origin = Origin.of("alice", reasons.get(i));
        answers.add(
            senders.submit(
                () -> {
                  try {
                    return (Object) commands.send(command, origin);
                  } catch (GovernanceException refused) {
                    return refused;
                  }
                }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> groups.waiting() == queued.size());
      releaseFirst.countDown();
      List<Object> results = new ArrayList<>();
      for (Future<Object> answer : answers) {
        results.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      release.countDown();
      for (Future<?> f : held) {
        f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      return results;
    } finally {
      releaseFirst.countDown();
      release.countDown();
      registration.cancel();
      senders.shutdownNow();
    }
  }

  @Test
  void commands_sent_alone_at_once_share_a_transaction_each_stored_and_answered_as_its_own()
      throws Exception {
    TeamId team = team("alice");
    List<GovernanceCommand> queued = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      queued.add(new AddTeamMemberCommand(team, PersonId.of("member-" + i), TeamRole.MEMBER));
      reasons.add("member " + i);
      queued.add(new RegisterTeamCommand(newTeamId(), "Team " + i, DomainName.of("payments")));
      reasons.add("team " + i);
    }
    GovernanceCommands.Grouping before = commands.grouping();

    List<Object> answers = sendWhileBusy(queued, reasons);

    GovernanceCommands.Grouping after = commands.grouping();
    assertThat(after.commands() - before.commands()).isEqualTo(queued.size());
    assertThat(after.groups() - before.groups()).isEqualTo(1);
    EventStore store = context.getBean(EventStore.class);
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    for (int i = 0; i < queued.size(); i++) {
      String aggregate = queued.get(i).aggregateId();
      assertThat(answers.get(i))
          .isInstanceOfSatisfying(
              io.meshgov.api.command.GovernanceGateway.Outcome.class,
              outcome ->
                  assertThat(outcome.position())
                      .isEqualTo(
                          jdbc.queryForObject(
                              "select max(global_index) from domain_event_entry"
                                  + " where aggregate_identifier = ?",
                              Long.class,
                              aggregate)));
    }
    // each event carries its own command's reason
    for (int i = 1; i < queued.size(); i += 2) {
      assertThat(
              store
                  .readEvents(queued.get(i).aggregateId())
                  .asStream()
                  .map(e -> e.getMetaData().get(GovernanceMetaData.REASON)))
          .isNotEmpty()
          .containsOnly(reasons.get(i));
    }
    assertThat(
            store
                .readEvents(team.value())
                .asStream()
                .filter(e -> e.getPayload() instanceof TeamMemberAddedEvent)
                .skip(1)
                .map(e -> e.getMetaData().get(GovernanceMetaData.REASON)))
        .containsExactlyInAnyOrder("member 0", "member 1", "member 2", "member 3");
    assertThat(
            store
                .readEvents(team.value())
                .asStream()
                .filter(e -> e.getPayload() instanceof TeamMemberAddedEvent)
                .count())
        .isEqualTo(5);
    assertHistoryIntact();
  }

  @Test
  void a_refused_command_among_commands_sent_at_once_is_refused_alone_and_the_others_stored()
      throws Exception {
    TeamId team = team("alice", "bob");
    List<GovernanceCommand> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(new AddTeamMemberCommand(team, PersonId.of("member-" + i), TeamRole.MEMBER));
    }
    // bob is a member already: refused, whichever transaction it lands in
    queued.add(1, new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER));
    GovernanceCommands.Grouping before = commands.grouping();

    List<Object> answers = sendWhileBusy(queued, java.util.Collections.nCopies(4, "growing"));

    assertThat(answers.get(1))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.ALREADY_A_MEMBER));
    assertThat(List.of(answers.get(0), answers.get(2), answers.get(3)))
        .allSatisfy(
            answer ->
                assertThat(answer)
                    .isInstanceOf(io.meshgov.api.command.GovernanceGateway.Outcome.class));
    // the refused command was sent again alone, the three others together without it
    GovernanceCommands.Grouping after = commands.grouping();
    assertThat(after.groups() - before.groups()).isEqualTo(1);
    assertThat(after.commands() - before.commands()).isEqualTo(3);
    assertThat(
            context
                .getBean(EventStore.class)
                .readEvents(team.value())
                .asStream()
                .filter(e -> e.getPayload() instanceof TeamMemberAddedEvent)
                .map(e -> ((TeamMemberAddedEvent) e.getPayload()).person().value()))
        .containsExactlyInAnyOrder("alice", "bob", "member-0", "member-1", "member-2");
    assertHistoryIntact();
  }

  /** The verifier finds every stored event linked where it belongs, the chain unbroken. */
  private void assertHistoryIntact() {
    assertThat(
            context
                .getBean(io.meshgov.command.audit.HistoryVerifier.class)
                .verify(done -> {})
                .intact())
        .isTrue();
  }

  @Test
  void a_bulk_with_one_refused_command_stores_nothing_and_names_it() {
    TeamId team = team("alice");
    DataProductId product = product(team, "alice");
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    Long before = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    Long chained = jdbc.queryForObject("select count(*) from event_chain", Long.class);
    DataProductId fresh =
        DataProductId.of("payments.b" + UUID.randomUUID().toString().substring(0, 8));
    List<GovernanceCommand> bulk =
        List.of(
            new PublishSchemaVersionCommand(product, SCHEMA),
            registration(fresh, team),
            // refused: the same schema again
            new PublishSchemaVersionCommand(product, SCHEMA),
            new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER));
    assertThatThrownBy(() -> commands.sendAll(bulk, Origin.of("alice", null)))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> {
              assertThat(e.code()).isEqualTo(RejectionCode.SCHEMA_UNCHANGED);
              assertThat(e.details()).containsEntry("commandIndex", List.of("2"));
              assertThat(e.getMessage()).contains("command 2 of 4", "nothing");
            });
    assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class))
        .isEqualTo(before);
    assertThat(jdbc.queryForObject("select count(*) from event_chain", Long.class))
        .isEqualTo(chained);
    // a batch reads the aggregates it found without events without asking the store; that ends
    // with the batch: `later`, never reached in this refused one, is then created by another
    // thread and read from the store again on this one
    DataProductId later =
        DataProductId.of("payments.b" + UUID.randomUUID().toString().substring(0, 8));
    assertThatThrownBy(
            () ->
                commands.sendAll(
                    List.of(bulk.get(0), bulk.get(2), registration(later, team)),
                    Origin.of("alice", null)))
        .isInstanceOf(GovernanceException.class);
    java.util.concurrent.CompletableFuture.runAsync(
            () -> commands.send(registration(later, team), "alice", null))
        .join();
    commands.send(new PublishSchemaVersionCommand(later, SCHEMA), "alice", null);
    // what was refused left no trace: the same bulk without the refused command goes through
    var outcomes =
        commands.sendAll(List.of(bulk.get(0), bulk.get(1), bulk.get(3)), Origin.of("alice", null));
    assertThat(outcomes).hasSize(3);
    assertThatThrownBy(
            () ->
                commands.sendAll(
                    java.util.Collections.nCopies(1001, bulk.get(3)), Origin.of("alice", null)))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("at most 1000");
    // one aggregate is loaded again by each of its commands: a hundred at most in one batch
    assertThatThrownBy(
            () ->
                commands.sendAll(
                    java.util.Collections.nCopies(101, bulk.get(3)), Origin.of("alice", null)))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("at most 100 commands for one aggregate");
  }

  @Test
  void
      two_command_services_on_one_store_keep_aggregates_in_memory_and_never_decide_on_a_stale_one() {
    // this service keeps its aggregates in memory between commands (Axon's caching repository)
    assertThat(
            context
                .getBean(org.axonframework.config.Configuration.class)
                .repository(io.meshgov.command.domain.team.Team.class))
        .isInstanceOf(org.axonframework.eventsourcing.CachingEventSourcingRepository.class);
    TeamId team = team("alice", "bob"); // in this service's memory at sequence 2
    try (ConfigurableApplicationContext other = start()) {
      GovernanceCommands second = other.getBean(GovernanceCommands.class);
      second.send(
          new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER), "alice", null);
      // this service's team is behind the store: read again, not decided on
      var dave =
          commands.send(
              new AddTeamMemberCommand(team, PersonId.of("dave"), TeamRole.MEMBER), "alice", null);
      assertThatThrownBy(
              () ->
                  commands.send(
                      new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER),
                      "alice",
                      null))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> assertThat(e.code()).isEqualTo(RejectionCode.ALREADY_A_MEMBER));
      // a command that would change nothing on the remembered team must see the other's change:
      // the other service makes bob a lead, this one makes him a member again (on a stale team,
      // where bob is still a member, that would be answered as done and lost)
      second.send(
          new io.meshgov.api.command.TeamCommand.ChangeTeamMemberRoleCommand(
              team, PersonId.of("bob"), TeamRole.LEAD),
          "alice",
          null);
      commands.send(
          new io.meshgov.api.command.TeamCommand.ChangeTeamMemberRoleCommand(
              team, PersonId.of("bob"), TeamRole.MEMBER),
          "alice",
          null);

      List<? extends DomainEventMessage<?>> events =
          context.getBean(EventStore.class).readEvents(team.value()).asStream().toList();
      assertThat(events)
          .extracting(DomainEventMessage::getSequenceNumber)
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(events.subList(2, 5))
          .extracting(e -> ((TeamMemberAddedEvent) e.getPayload()).person().value())
          .containsExactly("bob", "carol", "dave");
      assertThat(events.get(6).getPayload())
          .isInstanceOfSatisfying(
              io.meshgov.api.team.TeamEvent.TeamMemberRoleChangedEvent.class,
              e -> assertThat(e.role()).isEqualTo(TeamRole.MEMBER));
      assertThat(dave.position())
          .isEqualTo(
              context
                  .getBean(JdbcTemplate.class)
                  .queryForObject(
                      "select global_index from domain_event_entry"
                          + " where aggregate_identifier = ? and sequence_number = 4",
                      Long.class,
                      team.value()));
    }
  }

  private static io.meshgov.api.command.LineageCommand.ObserveRunCommand run(
      String runId, String state, int minute) {
    return new io.meshgov.api.command.LineageCommand.ObserveRunCommand(
        runId,
        state,
        java.time.Instant.parse("2026-03-01T00:00:00Z").plusSeconds(60L * minute),
        "airflow://etl",
        "settle",
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        null);
  }

  @Test
  void a_bulk_whose_new_run_another_transaction_records_meanwhile_still_records_its_own() {
    String runId = UUID.randomUUID().toString();
    var start = run(runId, "START", 1);
    var complete = run(runId, "COMPLETE", 2);
    // between the batch's question (is the run new?) and its command, another transaction records
    // the run's start: the batch's answer is stale, its first attempt collides with that start
    var race = Race.at(context, complete, false, () -> commands.send(start, "airflow", null));
    try {
      var outcomes = commands.sendAll(List.of(complete), Origin.of("airflow", null));

      assertThat(race.ran()).isTrue();
      assertThat(outcomes).hasSize(1);
      assertThat(
              context
                  .getBean(EventStore.class)
                  .readEvents(complete.aggregateId())
                  .asStream()
                  .map(
                      e ->
                          ((io.meshgov.api.lineage.LineageEvent.RunObservedEvent) e.getPayload())
                              .eventType())
                  .toList())
          .containsExactly("START", "COMPLETE");
    } finally {
      race.close();
    }
  }

  private static RegisterDataProductCommand registration(DataProductId product, TeamId owner) {
    return new RegisterDataProductCommand(
        product, owner, null, "imported", List.of("import"), Classification.INTERNAL, null, null);
  }

  @Test
  void aggregates_load_without_a_snapshot_read_and_a_snapshot_can_still_be_stored() {
    TeamId team = team("alice", "bob");
    var engine =
        context.getBean(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class);
    // no aggregate takes snapshots: none is read, and the team loads from its events
    assertThat(engine.readSnapshot(team.value())).isEmpty();
    commands.send(
        new AddTeamMemberCommand(team, PersonId.of("carol"), TeamRole.MEMBER), "alice", null);
    assertThat(context.getBean(EventStore.class).readEvents(team.value()).asStream().count())
        .isEqualTo(4);
    // one stored (as an operator's tool would): it is read from then on
    DomainEventMessage<?> last =
        context
            .getBean(EventStore.class)
            .readEvents(team.value())
            .asStream()
            .reduce((a, b) -> b)
            .orElseThrow();
    engine.storeSnapshot(last);
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    assertThat(
            jdbc.queryForObject(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class,
                team.value()))
        .isEqualTo(1);
    // from then on the read is made again (Axon's filter decides what it may use)
    engine.readSnapshot(team.value());
    jdbc.update("delete from snapshot_event_entry");
  }

  @Test
  void the_event_payload_is_stored_as_readable_json_with_its_revision() {
    TeamId team = team("alice");
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    var row =
        jdbc.queryForMap(
            "select payload_type, payload_revision, payload from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0",
            team.value());
    assertThat(row.get("payload_type")).isEqualTo(TeamRegisteredEvent.class.getName());
    assertThat(row.get("payload_revision")).isEqualTo("1");
    assertThat(new String((byte[]) row.get("payload"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"teamId\":\"" + team.value() + "\"", "\"domain\":\"payments\"");
  }

  @Test
  void a_rejected_command_stores_nothing() {
    TeamId team = team("alice");
    DataProductId product = product(team, "alice");
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    Long before = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);

    assertThatThrownBy(
            () ->
                commands.send(new PublishSchemaVersionCommand(product, "{not avro"), "alice", null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.INVALID_SCHEMA));
    assertThatThrownBy(
            () -> commands.send(new PublishSchemaVersionCommand(product, SCHEMA), "mallory", null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.NOT_OWNER_OR_STEWARD));

    assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class))
        .isEqualTo(before);
  }

  @Test
  void a_rebuild_of_the_lookup_tables_equals_what_was_kept_incrementally() {
    TeamId producer = team("alice", "bob");
    TeamId consumer = team("carol");
    DataProductId a = product(producer, "alice");
    DataProductId b = product(producer, "alice");
    commands.send(new PublishSchemaVersionCommand(a, SCHEMA), "alice", null);
    commands.send(new DeclareUpstreamCommand(b, a, List.of()), "alice", null);
    SubscriptionId subscription = SubscriptionId.random();
    commands.send(
        new RequestSubscriptionCommand(
            subscription, a, consumer, null, "reports", List.of("id"), null),
        "carol",
        null);
    commands.send(new ApproveSubscriptionCommand(subscription), "alice", null);
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    var incremental = lookupRows(jdbc);

    long replayed = context.getBean(LookupRebuild.class).rebuild(done -> {});

    assertThat(replayed).isPositive();
    assertThat(lookupRows(jdbc)).isEqualTo(incremental);
  }

  private static java.util.Map<String, List<String>> lookupRows(JdbcTemplate jdbc) {
    java.util.Map<String, List<String>> rows = new java.util.TreeMap<>();
    for (String table : LookupRebuild.TABLES) {
      rows.put(
          table,
          jdbc.queryForList("select * from " + table).stream()
              .map(row -> new java.util.TreeMap<>(row).toString())
              .sorted()
              .toList());
    }
    return rows;
  }

  @Test
  void registering_an_existing_team_again_is_a_conflict() {
    TeamId team = team("alice");
    assertThatThrownBy(
            () ->
                commands.send(
                    new RegisterTeamCommand(team, "again", DomainName.of("payments")), "bob", null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED));
  }

  @Test
  void a_team_is_registered_only_in_a_domain_that_exists_by_its_owner_or_an_admin() {
    // the domain and its owners are asked in one statement: each answer keeps its own refusal
    assertThatThrownBy(
            () ->
                commands.send(
                    new RegisterTeamCommand(newTeamId(), "n", DomainName.of("nowhere")),
                    "alice",
                    null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.DOMAIN_NOT_FOUND));
    assertThatThrownBy(
            () ->
                commands.send(
                    new RegisterTeamCommand(newTeamId(), "n", DomainName.of("payments")),
                    "trudy",
                    null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.NOT_DOMAIN_OWNER));
    TeamId byAdmin = newTeamId();
    commands.send(
        new RegisterTeamCommand(byAdmin, "n", DomainName.of("payments")),
        new Origin("trudy", null, null, null, java.util.Set.of(GovernanceMetaData.ADMIN_ROLE)));
    TeamId byOwner = newTeamId();
    commands.send(new RegisterTeamCommand(byOwner, "n", DomainName.of("payments")), "alice", null);
    for (TeamId registered : List.of(byAdmin, byOwner)) {
      assertThatThrownBy(
              () ->
                  commands.send(
                      new RegisterTeamCommand(registered, "again", DomainName.of("payments")),
                      "alice",
                      null))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> assertThat(e.code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED));
    }
  }

  @Test
  void a_subscription_id_is_used_once_and_an_unknown_one_is_not_found() {
    TeamId producer = team("alice");
    TeamId consumer = team("carol");
    DataProductId product = product(producer, "alice");
    SubscriptionId id = SubscriptionId.random();
    commands.send(
        new RequestSubscriptionCommand(id, product, consumer, null, "reporting", List.of(), null),
        "carol",
        null);
    assertThatThrownBy(
            () ->
                commands.send(
                    new RequestSubscriptionCommand(
                        id, product, consumer, null, "again", List.of(), null),
                    "carol",
                    null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.SUBSCRIPTION_ALREADY_REQUESTED));
    assertThatThrownBy(
            () ->
                commands.send(
                    new ApproveSubscriptionCommand(SubscriptionId.random()), "alice", null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.SUBSCRIPTION_NOT_FOUND));
    assertThatThrownBy(
            () ->
                commands.send(
                    new PublishSchemaVersionCommand(DataProductId.of("nowhere.nothing"), SCHEMA),
                    "alice",
                    null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.PRODUCT_NOT_FOUND));
  }

  @Test
  void lineage_that_would_close_a_cycle_is_rejected_across_products() {
    TeamId team = team("alice");
    DataProductId a = product(team, "alice");
    DataProductId b = product(team, "alice");
    DataProductId c = product(team, "alice");
    commands.send(new DeclareUpstreamCommand(b, a, List.of()), "alice", null);
    commands.send(new DeclareUpstreamCommand(c, b, List.of()), "alice", null);

    assertThatThrownBy(
            () -> commands.send(new DeclareUpstreamCommand(a, c, List.of()), "alice", null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.LINEAGE_CYCLE));
    // a diamond is fine: c also reads a directly
    commands.send(new DeclareUpstreamCommand(c, a, List.of()), "alice", null);
  }

  @Test
  void two_writers_on_one_aggregate_one_wins_and_the_other_is_decided_again_on_what_it_did()
      throws Exception {
    TeamId owner = team("alice");
    TeamId receiver = team("bob");
    DataProductId product = product(owner, "alice");
    try (ConfigurableApplicationContext second = start()) {
      GovernanceCommands otherWriter = second.getBean(GovernanceCommands.class);
      GateClock.gate(2);
      ExecutorService writers = Executors.newFixedThreadPool(2);
      List<Future<io.meshgov.api.command.GovernanceGateway.Outcome>> results = new ArrayList<>();
      try {
        for (GovernanceCommands writer : List.of(commands, otherWriter)) {
          results.add(
              writers.submit(
                  () ->
                      writer.send(
                          new RequestOwnershipTransferCommand(
                              product, TransferId.random(), receiver, "reorganisation"),
                          "alice",
                          null)));
        }
        int won = 0;
        List<GovernanceException> conflicts = new ArrayList<>();
        for (Future<io.meshgov.api.command.GovernanceGateway.Outcome> result : results) {
          try {
            result.get();
            won++;
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(GovernanceException.class);
            conflicts.add((GovernanceException) e.getCause());
          }
        }
        assertThat(won).isEqualTo(1);
        // the loser's command, refused by the store, is decided once more on the stored stream
        // and refused for what it finds there: the transfer the winner opened
        assertThat(conflicts)
            .singleElement()
            .extracting(GovernanceException::code)
            .isEqualTo(RejectionCode.TRANSFER_ALREADY_OPEN);
      } finally {
        GateClock.open();
        writers.shutdownNow();
      }

      // nothing lost, nothing doubled: one request, contiguous sequence numbers
      EventStore store = context.getBean(EventStore.class);
      List<? extends DomainEventMessage<?>> events =
          store.readEvents(product.value()).asStream().toList();
      assertThat(events)
          .extracting(e -> (Object) e.getPayloadType())
          .containsExactly(DataProductRegisteredEvent.class, OwnershipTransferRequestedEvent.class);
      assertThat(events)
          .extracting(DomainEventMessage::getSequenceNumber)
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      // the loser, retrying on fresh state, now gets a domain answer
      assertThatThrownBy(
              () ->
                  otherWriter.send(
                      new RequestOwnershipTransferCommand(
                          product, TransferId.random(), receiver, "again"),
                      "alice",
                      null))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> assertThat(e.code()).isEqualTo(RejectionCode.TRANSFER_ALREADY_OPEN));
    }
  }

  /** How many expiries of the transfer the product's stream holds, and who caused them. */
  private static List<String> expiriesOf(ConfigurableApplicationContext context, DataProductId p) {
    return context
        .getBean(EventStore.class)
        .readEvents(p.value())
        .asStream()
        .filter(e -> e.getPayload() instanceof OwnershipTransferExpiredEvent)
        .map(e -> String.valueOf(e.getMetaData().get(GovernanceMetaData.ACTOR)))
        .toList();
  }

  private DataProductId requestTransferThatExpiresSoon(GovernanceCommands through) {
    GovernanceCommands previous = commands;
    commands = through;
    try {
      TeamId giving = team("alice");
      TeamId receiving = team("bob");
      DataProductId product = product(giving, "alice");
      through.send(
          new RequestOwnershipTransferCommand(product, TransferId.random(), receiving, "moving on"),
          "alice",
          null);
      return product;
    } finally {
      commands = previous;
    }
  }

  @Test
  void a_transfer_expires_by_itself_after_a_restart_that_outlived_its_deadline() throws Exception {
    DataProductId product;
    try (ConfigurableApplicationContext first =
        CommandSideTestApplication.start(store(), "meshgov.ownership-transfer.expiry=PT2S")) {
      product = requestTransferThatExpiresSoon(first.getBean(GovernanceCommands.class));
    }
    Thread.sleep(2500); // nobody runs while the deadline passes
    try (ConfigurableApplicationContext second =
        CommandSideTestApplication.start(store(), "meshgov.ownership-transfer.expiry=PT2S")) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(expiriesOf(second, product))
                      .containsExactly(GovernanceMetaData.SYSTEM_ACTOR));
    }
  }

  @Test
  void with_two_command_services_a_deadline_fires_once() throws Exception {
    try (ConfigurableApplicationContext one =
            CommandSideTestApplication.start(store(), "meshgov.ownership-transfer.expiry=PT2S");
        ConfigurableApplicationContext two =
            CommandSideTestApplication.start(store(), "meshgov.ownership-transfer.expiry=PT2S")) {
      List<DataProductId> products = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        products.add(
            requestTransferThatExpiresSoon(
                (i % 2 == 0 ? one : two).getBean(GovernanceCommands.class)));
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(products).allSatisfy(p -> assertThat(expiriesOf(one, p)).hasSize(1)));
      Thread.sleep(3000); // time for a second firing, had there been one
      assertThat(products)
          .allSatisfy(
              p -> assertThat(expiriesOf(two, p)).containsExactly(GovernanceMetaData.SYSTEM_ACTOR));
      JdbcTemplate jdbc = one.getBean(JdbcTemplate.class);
      assertThat(
              jdbc.queryForObject(
                  "select count(*) from scheduled_tasks where execution_time < ?",
                  Integer.class,
                  java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1))))
          .as("every due deadline ran and left the table")
          .isZero();
    }
  }

  @Test
  void a_deadline_belongs_to_its_commands_transaction() throws Exception {
    JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
    // more transfer requests at once than the pool has connections (4): each command uses one
    List<DataProductId> products = new ArrayList<>();
    TeamId receiving = team("bob");
    for (int i = 0; i < 8; i++) {
      products.add(product(team("alice"), "alice"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> requests = new ArrayList<>();
      for (DataProductId p : products) {
        requests.add(
            pool.submit(
                () ->
                    commands.send(
                        new RequestOwnershipTransferCommand(
                            p, TransferId.random(), receiving, "busy"),
                        "alice",
                        null)));
      }
      for (Future<?> request : requests) {
        request.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }

      // racing requests on one product: one wins, and the losers' deadlines go with them
      DataProductId contested = product(team("alice"), "alice");
      Integer before = jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class);
      List<Future<?>> racing = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        racing.add(
            pool.submit(
                () ->
                    commands.send(
                        new RequestOwnershipTransferCommand(
                            contested, TransferId.random(), receiving, "race"),
                        "alice",
                        null)));
      }
      int won = 0;
      for (Future<?> request : racing) {
        try {
          request.get(60, java.util.concurrent.TimeUnit.SECONDS);
          won++;
        } catch (java.util.concurrent.ExecutionException lost) {
          assertThat(lost.getCause()).isInstanceOf(GovernanceException.class);
        }
      }
      assertThat(won).isEqualTo(1);
      assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class))
          .isEqualTo(before + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_team_from_before_domains_were_kept_is_still_held_to_its_domain() {
    TeamId team = team("alice"); // in domain payments
    JdbcTemplate jdbc = context().getBean(JdbcTemplate.class);
    // as an upgraded store has it until the lookups are rebuilt
    jdbc.update("update lookup_team set domain_id = null where team_id = ?", team.value());
    assertThatThrownBy(
            () ->
                commands.send(
                    new RegisterDataProductCommand(
                        DataProductId.of("ops.squatted"),
                        team,
                        null,
                        null,
                        List.of(),
                        Classification.INTERNAL,
                        null,
                        null),
                    "alice",
                    null))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.PRODUCT_OUTSIDE_DOMAIN));
    product(team, "alice"); // payments.* is fine
  }

  /**
   * Another command sent on another thread, once, while {@code command} is handled: before its
   * handler, or after it ({@code afterHandler}: decided, not yet committed).
   */
  record Race(
      org.axonframework.common.Registration registration,
      java.util.concurrent.atomic.AtomicBoolean happened)
      implements AutoCloseable {

    static Race at(
        ConfigurableApplicationContext context,
        Object command,
        boolean afterHandler,
        Runnable meanwhile) {
      var happened = new java.util.concurrent.atomic.AtomicBoolean();
      org.axonframework.messaging.MessageHandlerInterceptor<
              org.axonframework.commandhandling.CommandMessage<?>>
          interceptor =
              (unitOfWork, chain) -> {
                boolean ours = unitOfWork.getMessage().getPayload() == command;
                if (ours && !afterHandler && happened.compareAndSet(false, true)) {
                  java.util.concurrent.CompletableFuture.runAsync(meanwhile)
                      .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                      .join();
                }
                Object result = chain.proceed();
                if (ours && afterHandler && happened.compareAndSet(false, true)) {
                  java.util.concurrent.CompletableFuture.runAsync(meanwhile)
                      .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                      .join();
                }
                return result;
              };
      return new Race(
          context
              .getBean(org.axonframework.commandhandling.CommandBus.class)
              .registerHandlerInterceptor(interceptor),
          happened);
    }

    boolean ran() {
      return happened.get();
    }

    @Override
    public void close() {
      registration.cancel();
    }
  }
}
