package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.command.domain.directory.ProductView;
import io.meshgov.command.domain.directory.TeamDirectory;

/** The rule shared by products and subscriptions: who may act for a product's producer side. */
public final class Authorisation {

  private Authorisation() {}

  /** Members of the owning team and the steward may act for a product. */
  public static void requireOwnerOrSteward(
      PersonId actor, ProductView product, TeamDirectory teams) {
    if (actor.equals(product.steward()) || teams.isMember(product.owningTeam(), actor)) {
      return;
    }
    throw new GovernanceException(
        RejectionCode.NOT_OWNER_OR_STEWARD,
        actor
            + " is neither a member of team "
            + product.owningTeam()
            + " nor the steward of "
            + product.id());
  }
}
