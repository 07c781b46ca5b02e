package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import java.util.Optional;

/** Who owned and stewarded a product when. */
public interface OwnershipHistoryQueries {

  /** Owners, stewards and transfer requests of a product, oldest first; empty if unknown. */
  Optional<OwnershipHistory> ownershipHistory(DataProductId product);

  /**
   * The same history as it could be told at {@code asOf} (null: now): what came later is left out
   * and periods and transfers still open then are open; empty if the product was not registered
   * yet.
   */
  default Optional<OwnershipHistory> ownershipHistory(
      DataProductId product, java.time.Instant asOf) {
    return asOf == null
        ? ownershipHistory(product)
        : ownershipHistory(product).flatMap(history -> history.asOf(asOf));
  }
}
