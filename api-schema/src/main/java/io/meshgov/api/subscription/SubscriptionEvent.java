package io.meshgov.api.subscription;

import io.meshgov.api.DataProductId;
import io.meshgov.api.PersonId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Events of the subscription aggregate. Every event names the product and the consumer team so a
 * consumer of the stream needs no state to route it.
 */
public sealed interface SubscriptionEvent {

  SubscriptionId subscriptionId();

  DataProductId product();

  TeamId consumerTeam();

  /**
   * {@code slaVersion}: the product's service-level agreement the consumer accepted; null when the
   * product had none (and in events stored before agreements existed).
   */
  @Revision("1")
  record SubscriptionRequestedEvent(
      SubscriptionId subscriptionId,
      DataProductId product,
      TeamId consumerTeam,
      DataProductId consumingProduct,
      String purpose,
      List<String> fieldsUsed,
      PersonId requestedBy,
      Integer slaVersion)
      implements SubscriptionEvent {}

  @Revision("1")
  record SubscriptionApprovedEvent(
      SubscriptionId subscriptionId,
      DataProductId product,
      TeamId consumerTeam,
      List<String> fieldsUsed,
      PersonId approvedBy)
      implements SubscriptionEvent {}

  @Revision("1")
  record SubscriptionRejectedEvent(
      SubscriptionId subscriptionId,
      DataProductId product,
      TeamId consumerTeam,
      PersonId rejectedBy)
      implements SubscriptionEvent {}

  @Revision("1")
  record SubscriptionCancelledEvent(
      SubscriptionId subscriptionId,
      DataProductId product,
      TeamId consumerTeam,
      PersonId cancelledBy)
      implements SubscriptionEvent {}

  @Revision("1")
  record SubscriptionRevokedEvent(
      SubscriptionId subscriptionId, DataProductId product, TeamId consumerTeam, PersonId revokedBy)
      implements SubscriptionEvent {}
}
