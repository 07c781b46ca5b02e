package io.meshgov.lineage;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.PersonId;
import io.meshgov.api.SchemaField;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.domain.DomainEvent.DomainRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.CompatibilityModeChangedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductUpdatedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRemovedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberRoleChangedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A small mesh that uses every event type of the contract: two teams, three products in a chain
 * (cards feed settlements feed ledger) with field mappings, schema evolution, subscriptions that
 * end every way, and ownership transfers that end every way.
 */
public final class MeshScenario {

  public static final TeamId PAYMENTS = TeamId.of("payments-core");
  public static final TeamId FINANCE = TeamId.of("finance");
  public static final DataProductId CARDS = DataProductId.of("payments.card-authorisations");
  public static final DataProductId SETTLEMENTS = DataProductId.of("payments.settlements");
  public static final DataProductId LEDGER = DataProductId.of("finance.ledger");

  /** Times of notable moments, read by the tests. */
  public Instant lineageDeclared;

  public Instant lineageRemoved;
  public Instant observedRun;
  public Instant transferAccepted;
  public Instant bobRemoved;

  public final EventLog log = new EventLog();

  public static SchemaVersionPublishedEvent schema(
      DataProductId product, int version, String... fields) {
    return new SchemaVersionPublishedEvent(
        product,
        version,
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}",
        Arrays.stream(fields).map(f -> new SchemaField(f, "\"string\"", false)).toList(),
        CompatibilityMode.BACKWARD,
        null);
  }

  public static DataProductRegisteredEvent product(
      DataProductId id, TeamId team, String steward, String description, String... tags) {
    return new DataProductRegisteredEvent(
        id,
        team,
        PersonId.of(steward),
        description,
        List.of(tags),
        Classification.INTERNAL,
        "kafka:" + id,
        CompatibilityMode.BACKWARD);
  }

  public MeshScenario() {
    log.add(
        new DomainRegisteredEvent(
            DomainName.of("payments"), "Payments", "money moving", List.of(PersonId.of("alice"))),
        "root");
    log.add(new TeamRegisteredEvent(PAYMENTS, "Payments core", DomainName.of("payments")));
    log.add(new TeamMemberAddedEvent(PAYMENTS, PersonId.of("alice"), TeamRole.LEAD));
    log.add(new TeamMemberAddedEvent(PAYMENTS, PersonId.of("bob"), TeamRole.MEMBER));
    log.add(new TeamRegisteredEvent(FINANCE, "Finance", DomainName.of("finance")), "fred");
    log.add(new TeamMemberAddedEvent(FINANCE, PersonId.of("fred"), TeamRole.LEAD), "fred");
    log.add(new TeamMemberAddedEvent(FINANCE, PersonId.of("fay"), TeamRole.MEMBER), "fred");
    log.add(
        new TeamMemberRoleChangedEvent(FINANCE, PersonId.of("fay"), TeamRole.LEAD, TeamRole.MEMBER),
        "fred");

    log.add(
        product(CARDS, PAYMENTS, "steve", "Card authorisations as they happen", "cards", "pci"));
    log.add(product(SETTLEMENTS, PAYMENTS, "steve", "Settled card payments", "payments"));
    log.add(product(LEDGER, FINANCE, "fred", "General ledger postings", "finance"), "fred");
    log.add(schema(CARDS, 1, "card_id", "amount_minor", "currency"));
    log.add(schema(SETTLEMENTS, 1, "id", "amount"));
    log.add(schema(LEDGER, 1, "posting_id", "amount"), "fred");

    log.add(
        new UpstreamDeclaredEvent(
            SETTLEMENTS,
            CARDS,
            List.of(
                new FieldMapping(
                    "amount", List.of("amount_minor", "currency"), "to major units"))));
    lineageDeclared = log.now();
    log.add(
        new UpstreamDeclaredEvent(
            LEDGER, SETTLEMENTS, List.of(new FieldMapping("amount", List.of("amount"), null))),
        "fred");
    log.add(schema(SETTLEMENTS, 2, "id", "amount", "fee"));
    log.add(
        new CompatibilityModeChangedEvent(
            SETTLEMENTS, CompatibilityMode.FULL, CompatibilityMode.BACKWARD));
    log.add(
        new DataProductUpdatedEvent(
            SETTLEMENTS,
            "All settled payments",
            List.of("payments", "settled"),
            Classification.CONFIDENTIAL,
            "kafka:settlements.v2"));
    log.add(new StewardAssignedEvent(SETTLEMENTS, PersonId.of("sam"), PersonId.of("steve")));

    // subscriptions ending every way
    SubscriptionId approved = SubscriptionId.of("sub_ledger-reads-settlements");
    log.add(
        new SubscriptionRequestedEvent(
            approved,
            SETTLEMENTS,
            FINANCE,
            LEDGER,
            "month-end close",
            List.of("amount"),
            PersonId.of("fred"),
            null),
        "fred");
    log.add(
        new SubscriptionApprovedEvent(
            approved, SETTLEMENTS, FINANCE, List.of("amount"), PersonId.of("alice")));
    SubscriptionId revoked = SubscriptionId.of("sub_revoked");
    log.add(
        new SubscriptionRequestedEvent(
            revoked, CARDS, FINANCE, null, "fraud", List.of(), PersonId.of("fred"), null),
        "fred");
    log.add(
        new SubscriptionApprovedEvent(revoked, CARDS, FINANCE, List.of(), PersonId.of("alice")));
    log.add(new SubscriptionRevokedEvent(revoked, CARDS, FINANCE, PersonId.of("alice")));
    SubscriptionId rejected = SubscriptionId.of("sub_rejected");
    log.add(
        new SubscriptionRequestedEvent(
            rejected,
            CARDS,
            FINANCE,
            null,
            "curious",
            List.of("card_id"),
            PersonId.of("fred"),
            null),
        "fred");
    log.add(new SubscriptionRejectedEvent(rejected, CARDS, FINANCE, PersonId.of("alice")));
    SubscriptionId cancelled = SubscriptionId.of("sub_cancelled");
    log.add(
        new SubscriptionRequestedEvent(
            cancelled, CARDS, FINANCE, null, "trial", List.of(), PersonId.of("fred"), null),
        "fred");
    log.add(new SubscriptionCancelledEvent(cancelled, CARDS, FINANCE, PersonId.of("fred")), "fred");

    // transfers ending every way; the last one moves settlements to finance
    transfer(
        "trf_rejected",
        new OwnershipTransferRejectedEvent(
            SETTLEMENTS, TransferId.of("trf_rejected"), FINANCE, PersonId.of("fred")));
    transfer(
        "trf_cancelled",
        new OwnershipTransferCancelledEvent(
            SETTLEMENTS, TransferId.of("trf_cancelled"), FINANCE, PersonId.of("alice")));
    transfer(
        "trf_expired",
        new OwnershipTransferExpiredEvent(
            SETTLEMENTS, TransferId.of("trf_expired"), FINANCE, log.now()));
    transfer(
        "trf_accepted",
        new OwnershipTransferAcceptedEvent(
            SETTLEMENTS,
            TransferId.of("trf_accepted"),
            PAYMENTS,
            FINANCE,
            PersonId.of("alice"),
            PersonId.of("fred")));
    transferAccepted = log.now();

    log.add(new TeamMemberRemovedEvent(PAYMENTS, PersonId.of("bob")));
    bobRemoved = log.now();
    log.add(new UpstreamRemovedEvent(LEDGER, SETTLEMENTS), "fred");
    lineageRemoved = log.now();
    log.add(new DataProductDeprecatedEvent(CARDS, LocalDate.parse("2026-06-30"), SETTLEMENTS));
    log.add(new DataProductRetiredEvent(CARDS));
    log.add(
        new ServiceLevelAgreementPublishedEvent(
            LEDGER,
            1,
            new ServiceLevelAgreement("PT1H", 99.5, "Mon-Fri", "#ledger", 3650, 90, List.of()),
            log.now(),
            List.of(),
            List.of()),
        "fred");
    // the settlements topic is bound to its product; a ledger table was bound and released
    log.add(
        new io.meshgov.api.product.DataProductEvent.DatasetBoundEvent(
            SETTLEMENTS, "kafka://broker:9092", "payments.settlements.v1"),
        "alice");
    log.add(
        new io.meshgov.api.product.DataProductEvent.DatasetBoundEvent(
            LEDGER, "postgres://db:5432", "finance.public.ledger"),
        "fred");
    log.add(
        new io.meshgov.api.product.DataProductEvent.DatasetUnboundEvent(
            LEDGER, "postgres://db:5432", "finance.public.ledger"),
        "fred");
    // a pipeline reports a run reading the topic and writing the ledger table, field by field
    var topic =
        new io.meshgov.api.lineage.ObservedDataset(
            "kafka://broker:9092", "payments.settlements.v1", null, List.of(), List.of());
    var ledgerTable =
        new io.meshgov.api.lineage.ObservedDataset(
            "postgres://db:5432",
            "finance.public.ledger",
            List.of(
                new io.meshgov.api.lineage.ObservedDataset.ObservedField("amount", "DECIMAL"),
                new io.meshgov.api.lineage.ObservedDataset.ObservedField("booked", "TIMESTAMP")),
            List.of(
                new io.meshgov.api.lineage.ObservedDataset.ColumnMapping(
                    "amount",
                    List.of(
                        new io.meshgov.api.lineage.ObservedDataset.InputField(
                            "kafka://broker:9092", "payments.settlements.v1", "amount")))),
            List.of("team:finance"));
    for (String state : List.of("START", "COMPLETE")) {
      log.add(
          new io.meshgov.api.lineage.LineageEvent.RunObservedEvent(
              "3f0c2a3e-1b2c-4d5e-8f90-0123456789ab",
              state,
              log.now(),
              "airflow://prod",
              "ledger_loader.load",
              List.of(topic),
              List.of(ledgerTable),
              List.of("team:finance"),
              "https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java",
              null,
              "{}"),
          "airflow");
    }
    observedRun = log.now();
    log.add(
        new io.meshgov.api.lineage.LineageEvent.JobObservedEvent(
            log.now(),
            "dbt://warehouse",
            "models.ledger_summary",
            List.of(ledgerTable),
            List.of(),
            List.of(),
            null,
            null,
            null),
        "dbt");
    log.add(
        new io.meshgov.api.lineage.LineageEvent.DatasetObservedEvent(
            log.now(), topic, null, null, null),
        "spark");
    // an auditor's export: in the trail, nothing in the graph
    log.add(
        new io.meshgov.api.audit.AuditEvent.HistoryExportedEvent(
            "exp_scenario", EventLog.START, log.now(), "payments", null, List.of(), null, 40),
        "ada");
  }

  private void transfer(String id, Object end) {
    log.add(
        new OwnershipTransferRequestedEvent(
            SETTLEMENTS,
            TransferId.of(id),
            PAYMENTS,
            FINANCE,
            PersonId.of("alice"),
            "finance runs settlements now",
            log.now().plusSeconds(7 * 24 * 3600)));
    log.add(end, end instanceof OwnershipTransferExpiredEvent ? "system" : "fred");
  }
}
