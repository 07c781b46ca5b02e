package io.meshgov.command.domain.directory;

import io.meshgov.api.DataProductId;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import java.util.Set;

/**
 * What other aggregates need to know of a product: who owns it, what its schema offers and its
 * latest service-level agreement version (null: none published).
 */
public record ProductView(
    DataProductId id,
    TeamId owningTeam,
    PersonId steward,
    Lifecycle lifecycle,
    Set<String> currentFields,
    Integer slaVersion) {

  public ProductView(
      DataProductId id,
      TeamId owningTeam,
      PersonId steward,
      Lifecycle lifecycle,
      Set<String> currentFields) {
    this(id, owningTeam, steward, lifecycle, currentFields, null);
  }

  public ProductView {
    currentFields = Set.copyOf(currentFields);
  }

  public boolean retired() {
    return lifecycle == Lifecycle.RETIRED;
  }
}
