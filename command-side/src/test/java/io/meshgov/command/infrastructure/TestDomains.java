package io.meshgov.command.infrastructure;

import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DomainCommand.RegisterDomainCommand;
import io.meshgov.api.command.GovernanceGateway.Origin;
import java.util.List;
import java.util.Set;

/**
 * Domains the command-side contracts register their teams in, registered by a platform admin and
 * owned by everyone the tests act as (test-support has the same for the server's tests; this module
 * cannot depend on it).
 */
final class TestDomains {

  private static final List<PersonId> OWNERS =
      List.of("alice", "bob", "bea", "carol", "mallory").stream().map(PersonId::of).toList();

  private TestDomains() {}

  /** Anyone, acting as a platform admin: may register a team in any domain and then leads it. */
  static Origin owner(String person) {
    return new Origin(person, null, null, null, Set.of(GovernanceMetaData.ADMIN_ROLE));
  }

  static void register(GovernanceCommands commands, String... domains) {
    for (String domain : domains) {
      try {
        commands.send(
            new RegisterDomainCommand(DomainName.of(domain), domain, null, OWNERS),
            new Origin("root", null, null, null, Set.of(GovernanceMetaData.ADMIN_ROLE)));
      } catch (GovernanceException e) {
        if (e.code() != RejectionCode.DOMAIN_ALREADY_REGISTERED) {
          throw e;
        }
      }
    }
  }
}
