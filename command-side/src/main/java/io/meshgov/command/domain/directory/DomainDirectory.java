package io.meshgov.command.domain.directory;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import java.util.Optional;

/**
 * Command-side view of the mesh's domains, their owners and which domain each team belongs to, kept
 * current from the events in the same transaction that stores them.
 */
public interface DomainDirectory {

  boolean domainExists(DomainName domain);

  boolean isDomainOwner(DomainName domain, PersonId person);

  /**
   * The domain a team was registered in; empty for an unknown team, and for teams registered before
   * domains were kept here until the lookups are rebuilt ({@code --meshgov.lookups.rebuild}).
   */
  Optional<DomainName> domainOf(TeamId team);
}
