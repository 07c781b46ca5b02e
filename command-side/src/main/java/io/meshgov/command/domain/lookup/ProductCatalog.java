package io.meshgov.command.domain.lookup;

import io.meshgov.api.DataProductId;
import java.util.Optional;

/**
 * Command-side view of data products and their declared lineage, kept current from the events in
 * the same transaction that stores them: the set validations (unique ids, existing upstreams, no
 * cycles) read it.
 */
public interface ProductCatalog {

  Optional<ProductView> product(DataProductId product);

  /**
   * Whether {@code from} feeds {@code to} directly or through other products. Declaring an upstream
   * {@code u} for {@code d} closes a cycle exactly when {@code d} already feeds {@code u}. Walks
   * the declared edges downstream from {@code from}, each product once.
   */
  boolean feeds(DataProductId from, DataProductId to);
}
