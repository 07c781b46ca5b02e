package io.meshgov.api.command;

import io.meshgov.api.DomainName;
import io.meshgov.api.Limits;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.Values;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands to the team aggregate. The acting person travels as metadata, not in the payload. */
public sealed interface TeamCommand extends GovernanceCommand {

  TeamId teamId();

  @Override
  default String aggregateId() {
    return teamId().value();
  }

  @Override
  default AggregateKind kind() {
    return AggregateKind.TEAM;
  }

  /**
   * Registers a team in a domain (by the domain's owners or a platform admin); its first lead is
   * {@code lead}, or the registrant when none is named (a domain owner registering a team for
   * others does not join it).
   */
  record RegisterTeamCommand(
      @TargetAggregateIdentifier TeamId teamId, String name, DomainName domain, PersonId lead)
      implements TeamCommand {
    public RegisterTeamCommand {
      Values.required(teamId, "team id");
      name = Values.requiredText(name, "team name", Limits.NAME);
      Values.required(domain, "domain");
    }

    public RegisterTeamCommand(TeamId teamId, String name, DomainName domain) {
      this(teamId, name, domain, null);
    }
  }

  record AddTeamMemberCommand(
      @TargetAggregateIdentifier TeamId teamId, PersonId person, TeamRole role)
      implements TeamCommand {
    public AddTeamMemberCommand {
      Values.required(teamId, "team id");
      Values.required(person, "person");
      role = role == null ? TeamRole.MEMBER : role;
    }
  }

  /** Removes a member; a lead (or a platform admin) removes others, anyone may leave. */
  record RemoveTeamMemberCommand(@TargetAggregateIdentifier TeamId teamId, PersonId person)
      implements TeamCommand {
    public RemoveTeamMemberCommand {
      Values.required(teamId, "team id");
      Values.required(person, "person");
    }
  }

  /** Makes a member a lead or a lead a member; for leads and platform admins. */
  record ChangeTeamMemberRoleCommand(
      @TargetAggregateIdentifier TeamId teamId, PersonId person, TeamRole role)
      implements TeamCommand {
    public ChangeTeamMemberRoleCommand {
      Values.required(teamId, "team id");
      Values.required(person, "person");
      Values.required(role, "role");
    }
  }
}
