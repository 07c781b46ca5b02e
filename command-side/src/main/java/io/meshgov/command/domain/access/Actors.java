package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;

/** Turns the actor of a command's metadata into a person, refusing commands without one. */
public final class Actors {

  private Actors() {}

  public static PersonId require(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new GovernanceException(
          RejectionCode.ACTOR_MISSING, "the command names no actor: who is asking?");
    }
    if (GovernanceMetaData.isReserved(actor)) {
      throw new GovernanceException(
          RejectionCode.ACTOR_MISSING, "'" + actor + "' is reserved for the system itself");
    }
    try {
      return PersonId.of(actor);
    } catch (GovernanceException e) {
      throw new GovernanceException(RejectionCode.ACTOR_MISSING, e.getMessage());
    }
  }
}
