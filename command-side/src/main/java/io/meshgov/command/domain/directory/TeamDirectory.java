package io.meshgov.command.domain.directory;

import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import java.time.Instant;
import java.util.Optional;

/**
 * Command-side view of teams and their members, kept current from the team events in the same
 * transaction that stores them. Other aggregates use it to decide who may act for a team.
 */
public interface TeamDirectory {

  boolean teamExists(TeamId team);

  default boolean isMember(TeamId team, PersonId person) {
    return memberSince(team, person).isPresent();
  }

  /**
   * When the person joined the team (the time of the event that added them), empty when they are
   * not a member. Memberships recorded before this was kept answer {@link Instant#EPOCH}.
   */
  Optional<Instant> memberSince(TeamId team, PersonId person);
}
