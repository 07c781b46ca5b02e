package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import java.nio.file.Path;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The contract on the embedded file store (H2), plus what only a file store must show. */
class EmbeddedEventStoreTest extends EventStoreContract {

  @TempDir static Path folder;

  @Override
  StoreUnderTest store() {
    return new StoreUnderTest(
        "jdbc:h2:file:async:" + folder.resolve("eventstore/meshgov") + ";WRITE_DELAY=0", "sa", "");
  }

  @Test
  void the_store_survives_a_restart_of_the_application_context() {
    TeamId team;
    DataProductId product;
    long eventsBefore;
    try (ConfigurableApplicationContext first = start()) {
      GovernanceCommands before = first.getBean(GovernanceCommands.class);
      team = TeamId.of("restart-team");
      before.send(
          new RegisterTeamCommand(team, "Restart", DomainName.of("payments")), "alice", null);
      before.send(
          new AddTeamMemberCommand(team, PersonId.of("bob"), TeamRole.MEMBER), "alice", null);
      commands = before;
      product = product(team, "bob");
      eventsBefore = first.getBean(EventStore.class).readEvents(team.value()).asStream().count();
    }

    try (ConfigurableApplicationContext second = start()) {
      GovernanceCommands after = second.getBean(GovernanceCommands.class);
      assertThat(second.getBean(EventStore.class).readEvents(team.value()).asStream().count())
          .isEqualTo(eventsBefore)
          .isEqualTo(3);
      // state rebuilt from the file: bob is still a member and may publish for the product
      after.send(new PublishSchemaVersionCommand(product, SCHEMA), "bob", null);
      // and the lookups survived too: the team id is still taken
      assertThatThrownBy(
              () ->
                  after.send(
                      new RegisterTeamCommand(team, "again", DomainName.of("ops")), "carol", null))
          .isInstanceOfSatisfying(
              GovernanceException.class,
              e -> assertThat(e.code()).isEqualTo(RejectionCode.TEAM_ALREADY_REGISTERED));
    } finally {
      commands = context().getBean(GovernanceCommands.class);
    }
  }

  @Test
  void positions_are_handed_out_a_thousand_per_write_of_the_sequence() {
    // H2 commits the whole store each time the position sequence's cache runs out (V12)
    Long cache =
        context()
            .getBean(org.springframework.jdbc.core.JdbcTemplate.class)
            .queryForObject(
                "select identity_cache from information_schema.columns"
                    + " where lower(table_name) = 'domain_event_entry'"
                    + " and lower(column_name) = 'global_index'",
                Long.class);
    assertThat(cache).isEqualTo(1000L);
  }
}
