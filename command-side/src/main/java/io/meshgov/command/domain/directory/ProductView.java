package io.meshgov.command.domain.directory;

import io.meshgov.api.DataProductId;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import java.util.Set;

/** What other aggregates need to know of a product: who owns it and what its schema offers. */
public record ProductView(
    DataProductId id,
    TeamId owningTeam,
    PersonId steward,
    Lifecycle lifecycle,
    Set<String> currentFields) {

  public ProductView {
    currentFields = Set.copyOf(currentFields);
  }

  public boolean retired() {
    return lifecycle == Lifecycle.RETIRED;
  }
}
