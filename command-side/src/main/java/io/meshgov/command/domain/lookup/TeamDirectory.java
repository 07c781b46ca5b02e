package io.meshgov.command.domain.lookup;

import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;

/**
 * Command-side view of teams and their members, kept current from the team events in the same
 * transaction that stores them. Other aggregates use it to decide who may act for a team.
 */
public interface TeamDirectory {

  boolean teamExists(TeamId team);

  boolean isMember(TeamId team, PersonId person);
}
