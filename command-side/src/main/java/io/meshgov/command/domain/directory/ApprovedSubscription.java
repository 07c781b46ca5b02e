package io.meshgov.command.domain.directory;

import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.Set;

/**
 * An approved subscription, the fields it reads (none named means it reads them all) and the
 * service-level agreement version its consumer accepted (null: none).
 */
public record ApprovedSubscription(
    SubscriptionId subscriptionId,
    TeamId consumerTeam,
    Set<String> fieldsUsed,
    Integer slaVersion) {

  public ApprovedSubscription(
      SubscriptionId subscriptionId, TeamId consumerTeam, Set<String> fieldsUsed) {
    this(subscriptionId, consumerTeam, fieldsUsed, null);
  }

  public ApprovedSubscription {
    fieldsUsed = Set.copyOf(fieldsUsed);
  }

  public boolean uses(Set<String> fields) {
    return fieldsUsed.isEmpty() || fields.stream().anyMatch(fieldsUsed::contains);
  }
}
