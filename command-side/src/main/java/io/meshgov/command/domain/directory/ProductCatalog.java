package io.meshgov.command.domain.directory;

import io.meshgov.api.DataProductId;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import java.util.Optional;

/**
 * Command-side view of data products and their declared lineage, kept current from the events in
 * the same transaction that stores them: the set validations (unique ids, existing upstreams, no
 * cycles) read it.
 */
public interface ProductCatalog {

  Optional<ProductView> product(DataProductId product);

  /**
   * The product, as {@link #product}, with its row locked until the command's transaction ends.
   * Decisions of different aggregates that read the same product (a retirement reads the approved
   * subscriptions, an approval reads the lifecycle) take this lock first and so run one after the
   * other instead of each deciding on what the other has not yet committed.
   */
  Optional<ProductView> lockProduct(DataProductId product);

  /**
   * The product, which must exist and not be retired; {@code role} names it in the refusal ("data
   * product", "replacement").
   */
  default ProductView requireLive(DataProductId product, String role) {
    return live(product(product), product, role);
  }

  /**
   * As {@link #requireLive}, with the product's row locked (see {@link #lockProduct}) so it cannot
   * be retired while the command that relies on it being live is decided. A command locks at most
   * one product this way, so two commands never wait for each other's locks.
   */
  default ProductView lockLive(DataProductId product, String role) {
    return live(lockProduct(product), product, role);
  }

  private static ProductView live(Optional<ProductView> found, DataProductId product, String role) {
    ProductView view =
        found.orElseThrow(
            () ->
                new GovernanceException(
                    RejectionCode.PRODUCT_NOT_FOUND, role + " " + product + " does not exist"));
    if (view.retired()) {
      throw new GovernanceException(
          RejectionCode.PRODUCT_RETIRED, role + " " + product + " is retired");
    }
    return view;
  }

  /**
   * Whether {@code from} feeds {@code to} directly or through other products. Declaring an upstream
   * {@code u} for {@code d} closes a cycle exactly when {@code d} already feeds {@code u}. Walks
   * the declared edges downstream from {@code from}, each product once.
   */
  boolean feeds(DataProductId from, DataProductId to);

  /** The product the dataset is bound to now, if any. */
  Optional<DataProductId> boundTo(io.meshgov.api.DatasetName dataset);
}
