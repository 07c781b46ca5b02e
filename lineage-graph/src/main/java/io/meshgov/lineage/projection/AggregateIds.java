package io.meshgov.lineage.projection;

import io.meshgov.api.command.DomainCommand;
import io.meshgov.api.domain.DomainEvent;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.team.TeamEvent;

/** The aggregate an event of the contract belongs to. */
public final class AggregateIds {

  private AggregateIds() {}

  public static String of(Object payload) {
    if (payload instanceof DataProductEvent e) {
      return e.productId().value();
    }
    if (payload instanceof TeamEvent e) {
      return e.teamId().value();
    }
    if (payload instanceof SubscriptionEvent e) {
      return e.subscriptionId().value();
    }
    if (payload instanceof DomainEvent e) {
      return DomainCommand.streamOf(e.domainId());
    }
    if (payload instanceof io.meshgov.api.lineage.LineageEvent e) {
      return e.stream();
    }
    if (payload instanceof io.meshgov.api.audit.AuditEvent e) {
      return "export:" + e.exportId();
    }
    throw new IllegalArgumentException("not an event of the contract: " + payload);
  }
}
