package io.meshgov.testsupport;

import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DomainCommand.RegisterDomainCommand;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.api.command.GovernanceGateway.Origin;
import java.util.List;
import java.util.Set;

/**
 * Domains for tests, registered by a platform admin and owned by the people the tests act as, so a
 * test about something else can register its teams. A domain that exists already stays as it is.
 */
public final class TestDomains {

  /** The people tests act as: every one of them owns the test domains. */
  public static final List<String> PEOPLE =
      List.of(
          "alice", "bob", "bea", "carl", "carol", "dave", "erin", "fred", "mallory", "sam", "steve",
          "ops");

  private TestDomains() {}

  /** Through the command side's gateway, as a platform admin. */
  public static void register(GovernanceGateway gateway, String... domains) {
    for (String domain : domains) {
      try {
        gateway.send(
            new RegisterDomainCommand(
                DomainName.of(domain), domain, null, PEOPLE.stream().map(PersonId::of).toList()),
            new Origin("root", null, null, null, Set.of(GovernanceMetaData.ADMIN_ROLE)));
      } catch (GovernanceException e) {
        if (e.code() != RejectionCode.DOMAIN_ALREADY_REGISTERED) {
          throw e;
        }
      }
    }
  }
}
