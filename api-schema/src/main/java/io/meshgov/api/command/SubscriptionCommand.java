package io.meshgov.api.command;

import io.meshgov.api.DataProductId;
import io.meshgov.api.Limits;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.Values;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands to the subscription aggregate: a consumer team asks to read a product; the producer
 * approves or rejects; the consumer cancels, the producer revokes.
 */
public sealed interface SubscriptionCommand extends GovernanceCommand {

  SubscriptionId subscriptionId();

  @Override
  default String aggregateId() {
    return subscriptionId().value();
  }

  @Override
  default AggregateKind kind() {
    return AggregateKind.SUBSCRIPTION;
  }

  /**
   * Asks to consume {@code product} for a purpose, naming the fields used (none named means all);
   * {@code consumingProduct} is the consumer's own product that reads it, if any. {@code
   * acceptedSlaVersion} names the service-level agreement version the consumer read and accepts; it
   * must be the product's latest (left out: the latest is recorded as accepted).
   */
  record RequestSubscriptionCommand(
      @TargetAggregateIdentifier SubscriptionId subscriptionId,
      DataProductId product,
      TeamId consumerTeam,
      DataProductId consumingProduct,
      String purpose,
      List<String> fieldsUsed,
      Integer acceptedSlaVersion)
      implements SubscriptionCommand {
    public RequestSubscriptionCommand {
      if (acceptedSlaVersion != null && acceptedSlaVersion < 1) {
        throw io.meshgov.api.GovernanceException.invalid("accepted SLA version counts from 1");
      }
      Values.required(subscriptionId, "subscription id");
      Values.required(product, "product");
      Values.required(consumerTeam, "consumer team");
      purpose = Values.requiredText(purpose, "purpose", Limits.TEXT);
      fieldsUsed =
          Values.fieldNames(fieldsUsed, "fields used").stream().distinct().sorted().toList();
    }
  }

  record ApproveSubscriptionCommand(@TargetAggregateIdentifier SubscriptionId subscriptionId)
      implements SubscriptionCommand {
    public ApproveSubscriptionCommand {
      Values.required(subscriptionId, "subscription id");
    }
  }

  record RejectSubscriptionCommand(@TargetAggregateIdentifier SubscriptionId subscriptionId)
      implements SubscriptionCommand {
    public RejectSubscriptionCommand {
      Values.required(subscriptionId, "subscription id");
    }
  }

  /** The consumer ends the subscription (pending or approved). */
  record CancelSubscriptionCommand(@TargetAggregateIdentifier SubscriptionId subscriptionId)
      implements SubscriptionCommand {
    public CancelSubscriptionCommand {
      Values.required(subscriptionId, "subscription id");
    }
  }

  /** The producer ends an approved subscription. */
  record RevokeSubscriptionCommand(@TargetAggregateIdentifier SubscriptionId subscriptionId)
      implements SubscriptionCommand {
    public RevokeSubscriptionCommand {
      Values.required(subscriptionId, "subscription id");
    }
  }
}
