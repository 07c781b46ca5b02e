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

  /** Where a person stands towards a domain. */
  enum Standing {
    NO_SUCH_DOMAIN,
    OWNER,
    NOT_OWNER
  }

  /**
   * Whether the domain exists and the person owns it, in one question (an implementation on a
   * database asks it in one round trip).
   */
  default Standing standing(DomainName domain, PersonId person) {
    if (!domainExists(domain)) {
      return Standing.NO_SUCH_DOMAIN;
    }
    return isDomainOwner(domain, person) ? Standing.OWNER : Standing.NOT_OWNER;
  }

  /**
   * The domain a team was registered in (for teams of older stores, read from their registration
   * event); empty for an unknown team.
   */
  Optional<DomainName> domainOf(TeamId team);
}
