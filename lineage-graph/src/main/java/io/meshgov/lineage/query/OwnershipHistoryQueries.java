package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import java.util.Optional;

/** Who owned and stewarded a product when. */
public interface OwnershipHistoryQueries {

  /** Owners, stewards and transfer requests of a product, oldest first; empty if unknown. */
  Optional<OwnershipHistory> ownershipHistory(DataProductId product);
}
