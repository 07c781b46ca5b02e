package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.command.DataProductCommand.PublishServiceLevelAgreementCommand;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.directory.ApprovedSubscription;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.SubscriptionRegistry;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * The service-level agreements of one data product, versioned like its schema. A version that
 * promises less than what approved subscribers accepted (a longer delay, a lower availability, a
 * shorter retention or notice) is refused like a breaking schema change, naming those
 * subscriptions, unless the owner gives a reason and a date that leaves the subscribers the notice
 * they were promised; its event then names them so they are told.
 */
class ServiceLevels {

  private final DataProduct product;
  private final List<ServiceLevelAgreement> versions = new ArrayList<>();

  ServiceLevels(DataProduct product) {
    this.product = product;
  }

  @CommandHandler
  void handle(
      PublishServiceLevelAgreementCommand command,
      @Actor PersonId actor,
      @MetaDataValue(GovernanceMetaData.REASON) String reason,
      TeamDirectory teams,
      ProductCatalog catalog,
      SubscriptionRegistry subscriptions,
      Clock clock) {
    product.requireChangeableBy(actor, teams);
    // an approval in flight holds this lock: its subscription is counted below once it commits
    catalog.lockProduct(product.id());
    ServiceLevelAgreement sla = command.sla();
    if (!versions.isEmpty() && versions.get(versions.size() - 1).equals(sla)) {
      throw new GovernanceException(
          RejectionCode.SLA_UNCHANGED,
          "the agreement equals version " + versions.size() + " of " + product.id());
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    if (command.effectiveFrom() != null && command.effectiveFrom().isBefore(today)) {
      throw GovernanceException.invalid(
          "effective date " + command.effectiveFrom() + " lies in the past");
    }
    if (command.effectiveFrom() != null
        && command.effectiveFrom().isAfter(today.plusDays(ServiceLevelAgreement.MAX_DAYS))) {
      throw GovernanceException.invalid(
          "effective date "
              + command.effectiveFrom()
              + " lies more than "
              + ServiceLevelAgreement.MAX_DAYS
              + " days ahead");
    }
    List<SubscriptionId> affected = new ArrayList<>();
    Set<String> weakened = new LinkedHashSet<>();
    List<String> described = new ArrayList<>();
    int notice = 0;
    for (ApprovedSubscription subscription : subscriptions.approvedSubscriptions(product.id())) {
      Integer accepted = subscription.slaVersion();
      if (accepted == null || accepted < 1 || accepted > versions.size()) {
        continue; // accepted no agreement: nothing promised to hold against
      }
      ServiceLevelAgreement promised = versions.get(accepted - 1);
      List<String> terms = sla.weakerThan(promised);
      if (!terms.isEmpty()) {
        affected.add(subscription.subscriptionId());
        weakened.addAll(terms);
        described.add(
            subscription.subscriptionId()
                + " (team "
                + subscription.consumerTeam()
                + ", accepted version "
                + accepted
                + ")");
        notice = Math.max(notice, promised.noticeDays());
      }
    }
    Instant effectiveFrom =
        command.effectiveFrom() == null
            ? clock.instant()
            : command.effectiveFrom().atStartOfDay(ZoneOffset.UTC).toInstant();
    if (!affected.isEmpty()) {
      // the notice runs from now: a whole number of days, to the start of a day (UTC)
      Instant noticeEnds = clock.instant().plus(Duration.ofDays(notice));
      LocalDate earliest = LocalDate.ofInstant(noticeEnds, ZoneOffset.UTC);
      if (earliest.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(noticeEnds)) {
        earliest = earliest.plusDays(1);
      }
      Map<String, List<String>> details =
          Map.of(
              "weakenedTerms", List.copyOf(weakened),
              "affectedSubscriptions", described,
              "earliestEffectiveFrom", List.of(earliest.toString()));
      if (reason == null || reason.isBlank() || command.effectiveFrom() == null) {
        throw new GovernanceException(
            RejectionCode.SLA_WEAKENED,
            "the agreement weakens what "
                + affected.size()
                + " approved subscription(s) of "
                + product.id()
                + " accepted ("
                + String.join(", ", weakened)
                + "): give a reason and an effective date from "
                + earliest,
            details);
      }
      if (command.effectiveFrom().isBefore(earliest)) {
        throw new GovernanceException(
            RejectionCode.SLA_NOTICE_TOO_SHORT,
            "subscribers were promised "
                + notice
                + " days of notice: the weaker agreement may apply from "
                + earliest
                + ", not "
                + command.effectiveFrom(),
            details);
      }
    }
    apply(
        new ServiceLevelAgreementPublishedEvent(
            product.id(),
            versions.size() + 1,
            sla,
            effectiveFrom,
            List.copyOf(weakened),
            List.copyOf(affected)));
  }

  @EventSourcingHandler
  void on(ServiceLevelAgreementPublishedEvent event) {
    versions.add(event.sla());
  }
}
