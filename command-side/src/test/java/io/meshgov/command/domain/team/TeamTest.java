package io.meshgov.command.domain.team;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.asAdmin;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.ChangeTeamMemberRoleCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.api.command.TeamCommand.RemoveTeamMemberCommand;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRemovedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRoleChangedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamTest {

  private static final TeamId PAYMENTS = TeamId.of("payments-core");
  private static final PersonId ALICE = PersonId.of("alice");
  private static final PersonId BOB = PersonId.of("bob");

  private final InMemoryLookups lookups = new InMemoryLookups().domain("payments", "alice");
  private AggregateTestFixture<Team> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Team.class);
    fixture.registerInjectableResource(lookups);
  }

  private TeamRegisteredEvent registered() {
    return new TeamRegisteredEvent(PAYMENTS, "Payments core", DomainName.of("payments"));
  }

  @Test
  void registering_a_team_makes_the_registrant_its_lead() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("payments")),
            as("alice"))
        .expectSuccessfulHandlerExecution()
        .expectEvents(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD));
  }

  @Test
  void registering_is_rejected_when_the_team_id_is_taken() {
    lookups.team("payments-core", "carol");
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("payments")),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.TEAM_ALREADY_REGISTERED));
  }

  @Test
  void registering_in_an_unknown_domain_is_rejected() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("nowhere")),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.DOMAIN_NOT_FOUND));
  }

  @Test
  void only_the_domains_owners_register_teams_in_it() {
    fixture
        .givenNoPriorActivity()
        .when(new RegisterTeamCommand(PAYMENTS, "Squat", DomainName.of("payments")), as("mallory"))
        .expectException(rejectedWith(RejectionCode.NOT_DOMAIN_OWNER));
  }

  @Test
  void a_platform_admin_registers_a_team_in_any_domain() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("payments")),
            asAdmin("root"))
        .expectEvents(
            registered(), new TeamMemberAddedEvent(PAYMENTS, PersonId.of("root"), TeamRole.LEAD));
  }

  @Test
  void a_domain_owner_registers_a_team_for_others_without_joining_it() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("payments"), BOB),
            as("alice"))
        .expectEvents(registered(), new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.LEAD));
  }

  @Test
  void registering_is_rejected_without_an_actor() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterTeamCommand(PAYMENTS, "Payments core", DomainName.of("payments")), Map.of())
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void a_lead_adds_a_member() {
    fixture
        .given(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD))
        .when(new AddTeamMemberCommand(PAYMENTS, BOB, TeamRole.MEMBER), as("alice"))
        .expectEvents(new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.MEMBER));
  }

  @Test
  void adding_is_rejected_when_the_actor_is_not_a_member() {
    fixture
        .given(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD))
        .when(new AddTeamMemberCommand(PAYMENTS, BOB, TeamRole.MEMBER), as("mallory"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }

  @Test
  void adding_is_rejected_when_the_person_is_already_a_member() {
    fixture
        .given(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD))
        .when(new AddTeamMemberCommand(PAYMENTS, ALICE, TeamRole.MEMBER), as("alice"))
        .expectException(rejectedWith(RejectionCode.ALREADY_A_MEMBER));
  }

  private static final PersonId CAROL = PersonId.of("carol");

  /** alice leads, bob is a member. */
  private Object[] aliceLeadsBob() {
    return new Object[] {
      registered(),
      new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD),
      new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.MEMBER)
    };
  }

  @Test
  void a_member_may_not_remove_the_lead() {
    fixture
        .given(aliceLeadsBob())
        .when(new RemoveTeamMemberCommand(PAYMENTS, ALICE), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_TEAM_LEAD));
  }

  @Test
  void a_member_may_not_add_members() {
    fixture
        .given(aliceLeadsBob())
        .when(new AddTeamMemberCommand(PAYMENTS, CAROL, null), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_TEAM_LEAD));
  }

  @Test
  void a_lead_removes_a_member() {
    fixture
        .given(aliceLeadsBob())
        .when(new RemoveTeamMemberCommand(PAYMENTS, BOB), as("alice"))
        .expectEvents(new TeamMemberRemovedEvent(PAYMENTS, BOB));
  }

  @Test
  void a_member_may_leave() {
    fixture
        .given(aliceLeadsBob())
        .when(new RemoveTeamMemberCommand(PAYMENTS, BOB), as("bob"))
        .expectEvents(new TeamMemberRemovedEvent(PAYMENTS, BOB));
  }

  @Test
  void the_last_lead_may_not_leave() {
    fixture
        .given(aliceLeadsBob())
        .when(new RemoveTeamMemberCommand(PAYMENTS, ALICE), as("alice"))
        .expectException(rejectedWith(RejectionCode.LAST_LEAD));
  }

  @Test
  void a_lead_makes_a_member_lead_and_may_then_step_down() {
    fixture
        .given(aliceLeadsBob())
        .when(new ChangeTeamMemberRoleCommand(PAYMENTS, BOB, TeamRole.LEAD), as("alice"))
        .expectEvents(
            new TeamMemberRoleChangedEvent(PAYMENTS, BOB, TeamRole.LEAD, TeamRole.MEMBER));
    fixture
        .given(
            registered(),
            new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD),
            new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.MEMBER),
            new TeamMemberRoleChangedEvent(PAYMENTS, BOB, TeamRole.LEAD, TeamRole.MEMBER))
        .when(new ChangeTeamMemberRoleCommand(PAYMENTS, ALICE, TeamRole.MEMBER), as("alice"))
        .expectEvents(
            new TeamMemberRoleChangedEvent(PAYMENTS, ALICE, TeamRole.MEMBER, TeamRole.LEAD));
  }

  @Test
  void the_last_lead_may_not_step_down() {
    fixture
        .given(aliceLeadsBob())
        .when(new ChangeTeamMemberRoleCommand(PAYMENTS, ALICE, TeamRole.MEMBER), as("alice"))
        .expectException(rejectedWith(RejectionCode.LAST_LEAD));
  }

  @Test
  void a_member_may_not_change_roles() {
    fixture
        .given(aliceLeadsBob())
        .when(new ChangeTeamMemberRoleCommand(PAYMENTS, BOB, TeamRole.LEAD), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_TEAM_LEAD));
  }

  @Test
  void the_same_role_again_changes_nothing() {
    fixture
        .given(aliceLeadsBob())
        .when(new ChangeTeamMemberRoleCommand(PAYMENTS, BOB, TeamRole.MEMBER), as("alice"))
        .expectNoEvents();
  }

  @Test
  void a_platform_admin_changes_any_team() {
    fixture
        .given(aliceLeadsBob())
        .when(new AddTeamMemberCommand(PAYMENTS, CAROL, TeamRole.LEAD), asAdmin("root"))
        .expectEvents(new TeamMemberAddedEvent(PAYMENTS, CAROL, TeamRole.LEAD));
  }

  @Test
  void removing_is_rejected_when_the_actor_is_not_a_member() {
    fixture
        .given(
            registered(),
            new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD),
            new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.MEMBER))
        .when(new RemoveTeamMemberCommand(PAYMENTS, BOB), as("mallory"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }

  @Test
  void removing_is_rejected_when_the_person_is_not_a_member() {
    fixture
        .given(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD))
        .when(new RemoveTeamMemberCommand(PAYMENTS, BOB), as("alice"))
        .expectException(rejectedWith(RejectionCode.MEMBER_NOT_FOUND));
  }

  @Test
  void removing_the_last_member_is_rejected() {
    fixture
        .given(registered(), new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD))
        .when(new RemoveTeamMemberCommand(PAYMENTS, ALICE), as("alice"))
        .expectException(rejectedWith(RejectionCode.LAST_MEMBER));
  }

  @Test
  void a_removed_member_can_no_longer_act_for_the_team() {
    fixture
        .given(
            registered(),
            new TeamMemberAddedEvent(PAYMENTS, ALICE, TeamRole.LEAD),
            new TeamMemberAddedEvent(PAYMENTS, BOB, TeamRole.MEMBER),
            new TeamMemberRemovedEvent(PAYMENTS, BOB))
        .when(new AddTeamMemberCommand(PAYMENTS, PersonId.of("carol"), null), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }
}
