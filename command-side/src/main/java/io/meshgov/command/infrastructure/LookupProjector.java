package io.meshgov.command.infrastructure;

import io.meshgov.api.Lifecycle;
import io.meshgov.api.SchemaField;
import io.meshgov.api.domain.DomainEvent.DomainRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRemovedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Keeps the command-side lookup tables current. Runs in a subscribing processor, inside the unit of
 * work and the transaction that store the events, and propagates failures: a lookup that cannot be
 * written rolls the decision back with it.
 */
@ProcessingGroup(LookupProjector.PROCESSING_GROUP)
class LookupProjector {

  static final String PROCESSING_GROUP = "command-lookups";

  private final LookupWrites writes;

  LookupProjector(LookupWrites writes) {
    this.writes = writes;
  }

  @EventHandler
  void on(DomainRegisteredEvent event) {
    writes.update(
        "lookup_domain",
        "insert into lookup_domain (domain_id) values (?)",
        event.domainId().value());
    for (var owner : event.owners()) {
      writes.update(
          "lookup_domain_owner",
          "insert into lookup_domain_owner (domain_id, person_id) values (?, ?)",
          event.domainId().value(),
          owner.value());
    }
  }

  @EventHandler
  void on(TeamRegisteredEvent event) {
    writes.update(
        "lookup_team",
        "insert into lookup_team (team_id, domain_id) values (?, ?)",
        event.teamId().value(),
        event.domain().value());
  }

  @EventHandler
  void on(TeamMemberAddedEvent event, @Timestamp Instant at) {
    writes.update(
        "lookup_team_member",
        "insert into lookup_team_member (team_id, person_id, member_since) values (?, ?, ?)",
        event.teamId().value(),
        event.person().value(),
        at.toEpochMilli());
  }

  @EventHandler
  void on(TeamMemberRemovedEvent event) {
    writes.update(
        "lookup_team_member",
        "delete from lookup_team_member where team_id = ? and person_id = ?",
        event.teamId().value(),
        event.person().value());
  }

  @EventHandler
  void on(DataProductRegisteredEvent event) {
    writes.update(
        "lookup_product",
        "insert into lookup_product (product_id, owning_team, steward, lifecycle) values (?, ?, ?, ?)",
        event.productId().value(),
        event.owningTeam().value(),
        event.steward() == null ? null : event.steward().value(),
        Lifecycle.ACTIVE.name());
  }

  /**
   * The lookup key of a dataset: the SHA-256 of its namespace and name (both may be long, and an
   * index holds a bounded key).
   */
  static String datasetKey(io.meshgov.api.DatasetName dataset) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(dataset.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @EventHandler
  void on(io.meshgov.api.product.DataProductEvent.DatasetBoundEvent event) {
    // a second product binding the same dataset at the same moment fails on the key: one wins
    writes.update(
        "lookup_dataset",
        "insert into lookup_dataset (dataset_key, product_id) values (?, ?)",
        datasetKey(io.meshgov.api.DatasetName.of(event.namespace(), event.name())),
        event.productId().value());
  }

  @EventHandler
  void on(io.meshgov.api.product.DataProductEvent.DatasetUnboundEvent event) {
    writes.update(
        "lookup_dataset",
        "delete from lookup_dataset where dataset_key = ? and product_id = ?",
        datasetKey(io.meshgov.api.DatasetName.of(event.namespace(), event.name())),
        event.productId().value());
  }

  @EventHandler
  void on(StewardAssignedEvent event) {
    writes.update(
        "lookup_product",
        "update lookup_product set steward = ? where product_id = ?",
        event.steward().value(),
        event.productId().value());
  }

  @EventHandler
  void on(OwnershipTransferAcceptedEvent event) {
    writes.update(
        "lookup_product",
        "update lookup_product set owning_team = ? where product_id = ?",
        event.toTeam().value(),
        event.productId().value());
  }

  @EventHandler
  void on(DataProductDeprecatedEvent event) {
    lifecycle(event.productId().value(), Lifecycle.DEPRECATED);
  }

  @EventHandler
  void on(DataProductRetiredEvent event) {
    lifecycle(event.productId().value(), Lifecycle.RETIRED);
  }

  @EventHandler
  void on(SchemaVersionPublishedEvent event) {
    String product = event.productId().value();
    writes.update(
        "lookup_product_field", "delete from lookup_product_field where product_id = ?", product);
    writes.batch(
        "lookup_product_field",
        "insert into lookup_product_field (product_id, field_name) values (?, ?)",
        event.fields().stream()
            .map(SchemaField::name)
            .map(f -> new Object[] {product, f})
            .toList());
  }

  @EventHandler
  void on(ServiceLevelAgreementPublishedEvent event) {
    writes.update(
        "lookup_product",
        "update lookup_product set sla_version = ? where product_id = ?",
        event.version(),
        event.productId().value());
  }

  @EventHandler
  void on(UpstreamDeclaredEvent event) {
    String upstream = event.upstream().value();
    String downstream = event.productId().value();
    writes.update(
        "lookup_lineage_edge",
        """
        insert into lookup_lineage_edge (upstream, downstream)
        select ?, ? where not exists
          (select 1 from lookup_lineage_edge where upstream = ? and downstream = ?)
        """,
        upstream,
        downstream,
        upstream,
        downstream);
  }

  @EventHandler
  void on(UpstreamRemovedEvent event) {
    writes.update(
        "lookup_lineage_edge",
        "delete from lookup_lineage_edge where upstream = ? and downstream = ?",
        event.upstream().value(),
        event.productId().value());
  }

  @EventHandler
  void on(SubscriptionRequestedEvent event) {
    String id = event.subscriptionId().value();
    writes.update(
        "lookup_subscription",
        "insert into lookup_subscription"
            + " (subscription_id, product_id, consumer_team, status, sla_version)"
            + " values (?, ?, ?, 'PENDING', ?)",
        id,
        event.product().value(),
        event.consumerTeam().value(),
        event.slaVersion());
    writes.batch(
        "lookup_subscription_field",
        "insert into lookup_subscription_field (subscription_id, field_name) values (?, ?)",
        event.fieldsUsed().stream().map(f -> new Object[] {id, f}).toList());
  }

  @EventHandler
  void on(SubscriptionApprovedEvent event) {
    status(event, "APPROVED");
  }

  @EventHandler
  void on(SubscriptionRejectedEvent event) {
    status(event, "REJECTED");
  }

  @EventHandler
  void on(SubscriptionCancelledEvent event) {
    status(event, "CANCELLED");
  }

  @EventHandler
  void on(SubscriptionRevokedEvent event) {
    status(event, "REVOKED");
  }

  private void lifecycle(String product, Lifecycle lifecycle) {
    writes.update(
        "lookup_product",
        "update lookup_product set lifecycle = ? where product_id = ?",
        lifecycle.name(),
        product);
  }

  private void status(SubscriptionEvent event, String status) {
    writes.update(
        "lookup_subscription",
        "update lookup_subscription set status = ? where subscription_id = ?",
        status,
        event.subscriptionId().value());
  }
}
