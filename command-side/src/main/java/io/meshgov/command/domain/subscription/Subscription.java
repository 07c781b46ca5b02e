package io.meshgov.command.domain.subscription;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.DataProductId;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.CancelSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RejectSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RevokeSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.access.Authorisation;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.ProductView;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A consumer team's request to read a data product, and its life: the producer's owners or steward
 * approve or reject it (never the person who asked: four-eyes, enforced; the requester cancels
 * instead), the consumer cancels it, the producer revokes it.
 */
public class Subscription {

  enum Status {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED,
    REVOKED
  }

  @AggregateIdentifier private SubscriptionId id;
  private DataProductId product;
  private TeamId consumerTeam;
  private PersonId requestedBy;
  private List<String> fieldsUsed;
  private Integer slaVersion;
  private Status status;

  protected Subscription() {}

  @CommandHandler
  public Subscription(
      RequestSubscriptionCommand command,
      @Actor PersonId requester,
      TeamDirectory teams,
      ProductCatalog catalog) {
    ProductView producer = catalog.lockLive(command.product(), "data product");
    if (!teams.teamExists(command.consumerTeam())) {
      throw new GovernanceException(
          RejectionCode.TEAM_NOT_FOUND, "team " + command.consumerTeam() + " does not exist");
    }
    if (!teams.isMember(command.consumerTeam(), requester)) {
      throw new GovernanceException(
          RejectionCode.NOT_A_TEAM_MEMBER,
          requester + " is not a member of team " + command.consumerTeam());
    }
    if (command.consumingProduct() != null) {
      catalog.requireLive(command.consumingProduct(), "consuming product");
    }
    for (String field : command.fieldsUsed()) {
      if (!producer.currentFields().contains(field)) {
        throw new GovernanceException(
            RejectionCode.UNKNOWN_FIELD,
            "field " + field + " is not in the current schema of " + command.product());
      }
    }
    Integer slaVersion = producer.slaVersion();
    if (command.acceptedSlaVersion() != null && !command.acceptedSlaVersion().equals(slaVersion)) {
      throw new GovernanceException(
          RejectionCode.SLA_VERSION_MISMATCH,
          "the subscriber accepts service-level agreement version "
              + command.acceptedSlaVersion()
              + " of "
              + command.product()
              + ", but its latest is "
              + (slaVersion == null ? "none" : "version " + slaVersion));
    }
    apply(
        new SubscriptionRequestedEvent(
            command.subscriptionId(),
            command.product(),
            command.consumerTeam(),
            command.consumingProduct(),
            command.purpose(),
            command.fieldsUsed(),
            requester,
            slaVersion));
  }

  @CommandHandler
  void handle(
      ApproveSubscriptionCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      ProductCatalog catalog) {
    requireStatus(Status.PENDING, RejectionCode.SUBSCRIPTION_NOT_PENDING);
    if (person.equals(requestedBy)) {
      throw new GovernanceException(
          RejectionCode.SELF_APPROVAL,
          person + " requested subscription " + id + " and may not approve it");
    }
    ProductView producer = catalog.lockLive(product, "data product");
    Authorisation.requireOwnerOrSteward(person, producer, teams);
    if (!java.util.Objects.equals(producer.slaVersion(), slaVersion)) {
      // what the consumer accepted is no longer what the product promises: they must see it
      throw new GovernanceException(
          RejectionCode.SLA_VERSION_MISMATCH,
          "subscription "
              + id
              + " accepted service-level agreement "
              + (slaVersion == null ? "none" : "version " + slaVersion)
              + " but "
              + product
              + " now promises version "
              + producer.slaVersion()
              + ": the consumer asks again, accepting it");
    }
    apply(new SubscriptionApprovedEvent(id, product, consumerTeam, fieldsUsed, person));
  }

  @CommandHandler
  void handle(
      RejectSubscriptionCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      ProductCatalog catalog) {
    requireStatus(Status.PENDING, RejectionCode.SUBSCRIPTION_NOT_PENDING);
    if (person.equals(requestedBy)) {
      throw new GovernanceException(
          RejectionCode.SELF_REJECTION,
          person + " requested subscription " + id + ": cancel it instead of rejecting it");
    }
    Authorisation.requireOwnerOrSteward(
        person, catalog.requireLive(product, "data product"), teams);
    apply(new SubscriptionRejectedEvent(id, product, consumerTeam, person));
  }

  @CommandHandler
  void handle(CancelSubscriptionCommand command, @Actor PersonId person, TeamDirectory teams) {
    if (status != Status.PENDING && status != Status.APPROVED) {
      throw new GovernanceException(
          RejectionCode.SUBSCRIPTION_ENDED, "subscription " + id + " has ended: " + status);
    }
    if (!teams.isMember(consumerTeam, person)) {
      throw new GovernanceException(
          RejectionCode.NOT_A_TEAM_MEMBER,
          person + " is not a member of the consuming team " + consumerTeam);
    }
    apply(new SubscriptionCancelledEvent(id, product, consumerTeam, person));
  }

  @CommandHandler
  void handle(
      RevokeSubscriptionCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      ProductCatalog catalog) {
    requireStatus(Status.APPROVED, RejectionCode.SUBSCRIPTION_NOT_APPROVED);
    // a retired product may still end what it approved (stores written before retirement and
    // approval were serialised can hold such pairs)
    ProductView producer =
        catalog
            .product(product)
            .orElseThrow(
                () ->
                    new GovernanceException(
                        RejectionCode.PRODUCT_NOT_FOUND,
                        "data product " + product + " is unknown"));
    Authorisation.requireOwnerOrSteward(person, producer, teams);
    apply(new SubscriptionRevokedEvent(id, product, consumerTeam, person));
  }

  private void requireStatus(Status expected, RejectionCode code) {
    if (status != expected) {
      throw new GovernanceException(
          code, "subscription " + id + " is " + status + ", not " + expected);
    }
  }

  @EventSourcingHandler
  void on(SubscriptionRequestedEvent event) {
    id = event.subscriptionId();
    product = event.product();
    consumerTeam = event.consumerTeam();
    requestedBy = event.requestedBy();
    fieldsUsed = event.fieldsUsed();
    slaVersion = event.slaVersion();
    status = Status.PENDING;
  }

  @EventSourcingHandler
  void on(SubscriptionApprovedEvent event) {
    status = Status.APPROVED;
  }

  @EventSourcingHandler
  void on(SubscriptionRejectedEvent event) {
    status = Status.REJECTED;
  }

  @EventSourcingHandler
  void on(SubscriptionCancelledEvent event) {
    status = Status.CANCELLED;
  }

  @EventSourcingHandler
  void on(SubscriptionRevokedEvent event) {
    status = Status.REVOKED;
  }
}
