package io.meshgov.api.team;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import org.axonframework.serialization.Revision;

/** Events of the team aggregate. Each is a public, versioned contract. */
public sealed interface TeamEvent {

  TeamId teamId();

  @Revision("1")
  record TeamRegisteredEvent(TeamId teamId, String name, DomainName domain) implements TeamEvent {}

  @Revision("1")
  record TeamMemberAddedEvent(TeamId teamId, PersonId person, TeamRole role) implements TeamEvent {}

  @Revision("1")
  record TeamMemberRemovedEvent(TeamId teamId, PersonId person) implements TeamEvent {}

  /** A member's role in the team changed (a member became a lead, or a lead a member). */
  @Revision("1")
  record TeamMemberRoleChangedEvent(
      TeamId teamId, PersonId person, TeamRole role, TeamRole previousRole) implements TeamEvent {}
}
