package io.meshgov.command.domain.team;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
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
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.access.PlatformRoles;
import io.meshgov.command.domain.directory.DomainDirectory;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A team of a domain: its members act for its products; its leads (or a platform admin) change who
 * is in it and in which role; anyone may leave; a team keeps a lead.
 */
public class Team {

  @AggregateIdentifier private TeamId id;
  private final Map<PersonId, TeamRole> members = new HashMap<>();

  protected Team() {}

  @CommandHandler
  public Team(
      RegisterTeamCommand command,
      @Actor PersonId registrant,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles,
      TeamDirectory teams,
      DomainDirectory domains) {
    if (teams.teamExists(command.teamId())) {
      throw new GovernanceException(
          RejectionCode.TEAM_ALREADY_REGISTERED,
          "team " + command.teamId() + " is already registered");
    }
    DomainDirectory.Standing standing = domains.standing(command.domain(), registrant);
    if (standing == DomainDirectory.Standing.NO_SUCH_DOMAIN) {
      throw new GovernanceException(
          RejectionCode.DOMAIN_NOT_FOUND,
          "domain " + command.domain() + " is not registered: a platform admin registers it");
    }
    if (standing != DomainDirectory.Standing.OWNER && !PlatformRoles.isAdmin(roles)) {
      throw new GovernanceException(
          RejectionCode.NOT_DOMAIN_OWNER,
          registrant + " does not own domain " + command.domain() + " and may not add teams to it");
    }
    PersonId lead = command.lead() == null ? registrant : command.lead();
    apply(new TeamRegisteredEvent(command.teamId(), command.name(), command.domain()));
    apply(new TeamMemberAddedEvent(command.teamId(), lead, TeamRole.LEAD));
  }

  @CommandHandler
  void handle(
      AddTeamMemberCommand command,
      @Actor PersonId actor,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles) {
    requireLead(actor, roles, "add members");
    if (members.containsKey(command.person())) {
      throw new GovernanceException(
          RejectionCode.ALREADY_A_MEMBER, command.person() + " is already a member of team " + id);
    }
    apply(new TeamMemberAddedEvent(id, command.person(), command.role()));
  }

  @CommandHandler
  void handle(
      RemoveTeamMemberCommand command,
      @Actor PersonId actor,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles) {
    boolean leaving = command.person().equals(actor) && members.containsKey(actor);
    if (!leaving) {
      requireLead(actor, roles, "remove others");
    }
    TeamRole role = members.get(command.person());
    if (role == null) {
      throw new GovernanceException(
          RejectionCode.MEMBER_NOT_FOUND, command.person() + " is not a member of team " + id);
    }
    if (members.size() == 1) {
      throw new GovernanceException(
          RejectionCode.LAST_MEMBER,
          "team "
              + id
              + " would have no members left: add someone before removing "
              + command.person());
    }
    requireAnotherLead(command.person(), role, "leave team " + id);
    apply(new TeamMemberRemovedEvent(id, command.person()));
  }

  @CommandHandler
  void handle(
      ChangeTeamMemberRoleCommand command,
      @Actor PersonId actor,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles) {
    requireLead(actor, roles, "change roles");
    TeamRole role = members.get(command.person());
    if (role == null) {
      throw new GovernanceException(
          RejectionCode.MEMBER_NOT_FOUND, command.person() + " is not a member of team " + id);
    }
    if (role == command.role()) {
      return;
    }
    requireAnotherLead(command.person(), role, "step down as lead of team " + id);
    apply(new TeamMemberRoleChangedEvent(id, command.person(), command.role(), role));
  }

  /** Leads change the team; a platform admin may too (e.g. a team whose leads all left). */
  private void requireLead(PersonId actor, String roles, String what) {
    if (members.get(actor) == TeamRole.LEAD || PlatformRoles.isAdmin(roles)) {
      return;
    }
    throw new GovernanceException(
        members.containsKey(actor) ? RejectionCode.NOT_TEAM_LEAD : RejectionCode.NOT_A_TEAM_MEMBER,
        actor + " is not a lead of team " + id + " and may not " + what);
  }

  /** A team keeps a lead: {@code person}, if a lead, may go only when another lead stays. */
  private void requireAnotherLead(PersonId person, TeamRole role, String what) {
    long leads = members.values().stream().filter(r -> r == TeamRole.LEAD).count();
    if (role == TeamRole.LEAD && leads == 1) {
      throw new GovernanceException(
          RejectionCode.LAST_LEAD,
          person + " is the last lead and may not " + what + ": make another member lead first");
    }
  }

  @EventSourcingHandler
  void on(TeamRegisteredEvent event) {
    id = event.teamId();
  }

  @EventSourcingHandler
  void on(TeamMemberAddedEvent event) {
    members.put(event.person(), event.role());
  }

  @EventSourcingHandler
  void on(TeamMemberRemovedEvent event) {
    members.remove(event.person());
  }

  @EventSourcingHandler
  void on(TeamMemberRoleChangedEvent event) {
    members.put(event.person(), event.role());
  }
}
