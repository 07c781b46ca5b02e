package io.meshgov.command.domain.directory;

import io.meshgov.api.DataProductId;
import java.util.List;

/** Command-side view of approved subscriptions, kept current in the same transaction. */
public interface SubscriptionRegistry {

  /** The approved subscriptions to a product, in id order. */
  List<ApprovedSubscription> approvedSubscriptions(DataProductId product);
}
