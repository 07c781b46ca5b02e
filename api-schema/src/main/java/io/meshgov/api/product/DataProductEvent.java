package io.meshgov.api.product;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.PersonId;
import io.meshgov.api.SchemaField;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Events of the data product aggregate. Each is a public, versioned contract; the time of an event
 * is its message timestamp, the actor is in its metadata.
 */
public sealed interface DataProductEvent {

  DataProductId productId();

  @Revision("1")
  record DataProductRegisteredEvent(
      DataProductId productId,
      TeamId owningTeam,
      PersonId steward,
      String description,
      List<String> tags,
      Classification classification,
      String outputPort,
      CompatibilityMode compatibilityMode)
      implements DataProductEvent {}

  /** Carries the full descriptive state after the change. */
  @Revision("1")
  record DataProductUpdatedEvent(
      DataProductId productId,
      String description,
      List<String> tags,
      Classification classification,
      String outputPort)
      implements DataProductEvent {}

  @Revision("1")
  record StewardAssignedEvent(DataProductId productId, PersonId steward, PersonId previousSteward)
      implements DataProductEvent {}

  @Revision("1")
  record DataProductDeprecatedEvent(
      DataProductId productId, LocalDate sunsetDate, DataProductId replacement)
      implements DataProductEvent {}

  @Revision("1")
  record DataProductRetiredEvent(DataProductId productId) implements DataProductEvent {}

  @Revision("1")
  record OwnershipTransferRequestedEvent(
      DataProductId productId,
      TransferId transferId,
      TeamId fromTeam,
      TeamId toTeam,
      PersonId requestedBy,
      String reason,
      Instant expiresAt)
      implements DataProductEvent {}

  /** The receiving team took over: from now on it owns the product. */
  @Revision("1")
  record OwnershipTransferAcceptedEvent(
      DataProductId productId,
      TransferId transferId,
      TeamId fromTeam,
      TeamId toTeam,
      PersonId requestedBy,
      PersonId acceptedBy)
      implements DataProductEvent {}

  @Revision("1")
  record OwnershipTransferRejectedEvent(
      DataProductId productId, TransferId transferId, TeamId toTeam, PersonId rejectedBy)
      implements DataProductEvent {}

  @Revision("1")
  record OwnershipTransferCancelledEvent(
      DataProductId productId, TransferId transferId, TeamId toTeam, PersonId cancelledBy)
      implements DataProductEvent {}

  @Revision("1")
  record OwnershipTransferExpiredEvent(
      DataProductId productId, TransferId transferId, TeamId toTeam, Instant expiredAt)
      implements DataProductEvent {}

  /** Version numbers count 1, 2, 3... per product; the schema is the Avro JSON as published. */
  /**
   * {@code touchedFields}: the fields of the previous version this one removes or changes, and new
   * ones without a default (the rule of {@code publishSchemaVersion}); null in events stored before
   * it was recorded, read as "unknown: possibly every field".
   */
  @Revision("1")
  record SchemaVersionPublishedEvent(
      DataProductId productId,
      int version,
      String avroSchema,
      List<SchemaField> fields,
      CompatibilityMode checkedUnder,
      List<String> touchedFields)
      implements DataProductEvent {}

  /**
   * A service-level agreement version (1, 2, 3... per product). It is in force from {@code
   * effectiveFrom} until a later version is. {@code weakenedTerms} and {@code noticeTo} are empty
   * unless it promises less than what approved subscriptions accepted: then they name the terms and
   * those subscriptions, and {@code effectiveFrom} respects the notice those subscribers were
   * promised.
   */
  @Revision("1")
  record ServiceLevelAgreementPublishedEvent(
      DataProductId productId,
      int version,
      ServiceLevelAgreement sla,
      Instant effectiveFrom,
      List<String> weakenedTerms,
      List<SubscriptionId> noticeTo)
      implements DataProductEvent {}

  @Revision("1")
  record CompatibilityModeChangedEvent(
      DataProductId productId, CompatibilityMode compatibilityMode, CompatibilityMode previous)
      implements DataProductEvent {}

  /** {@code upstream} feeds {@code productId}; replaces earlier field mappings of that pair. */
  @Revision("1")
  record UpstreamDeclaredEvent(
      DataProductId productId, DataProductId upstream, List<FieldMapping> fieldMappings)
      implements DataProductEvent {}

  @Revision("1")
  record UpstreamRemovedEvent(DataProductId productId, DataProductId upstream)
      implements DataProductEvent {}

  /** The dataset {@code namespace} + {@code name} is part of the product's output port now. */
  @Revision("1")
  record DatasetBoundEvent(DataProductId productId, String namespace, String name)
      implements DataProductEvent {}

  /** The dataset is no longer part of the product. */
  @Revision("1")
  record DatasetUnboundEvent(DataProductId productId, String namespace, String name)
      implements DataProductEvent {}
}
