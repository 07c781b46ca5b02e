package io.meshgov.command.domain.directory;

import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.Set;

/** An approved subscription and the fields it reads; no fields named means it reads them all. */
public record ApprovedSubscription(
    SubscriptionId subscriptionId, TeamId consumerTeam, Set<String> fieldsUsed) {

  public ApprovedSubscription {
    fieldsUsed = Set.copyOf(fieldsUsed);
  }

  public boolean uses(Set<String> fields) {
    return fieldsUsed.isEmpty() || fields.stream().anyMatch(fieldsUsed::contains);
  }
}
