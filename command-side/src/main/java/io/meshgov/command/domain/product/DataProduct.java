package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.AssignStewardCommand;
import io.meshgov.api.product.DataProductCommand.CancelOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.ChangeCompatibilityModeCommand;
import io.meshgov.api.product.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.product.DataProductCommand.DeprecateDataProductCommand;
import io.meshgov.api.product.DataProductCommand.ExpireOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.product.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.product.DataProductCommand.RejectOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.RemoveUpstreamCommand;
import io.meshgov.api.product.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.product.DataProductCommand.UpdateDataProductCommand;
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
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.command.domain.lookup.Actors;
import io.meshgov.command.domain.lookup.ApprovedSubscription;
import io.meshgov.command.domain.lookup.Authorisation;
import io.meshgov.command.domain.lookup.ProductCatalog;
import io.meshgov.command.domain.lookup.ProductView;
import io.meshgov.command.domain.lookup.SubscriptionRegistry;
import io.meshgov.command.domain.lookup.TeamDirectory;
import io.meshgov.schema.AvroSchemas;
import io.meshgov.schema.SchemaCompatibilityChecker;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A data product: the unit of ownership. Decides every change of its description, steward,
 * lifecycle, owner, schema and declared lineage; only members of the owning team and the steward
 * may change it.
 */
public class DataProduct {

  static final String TRANSFER_EXPIRY = "ownership-transfer-expiry";

  @AggregateIdentifier private DataProductId id;
  private TeamId owningTeam;
  private PersonId steward;
  private Lifecycle lifecycle;
  private LocalDate sunsetDate;
  private String description;
  private List<String> tags;
  private Classification classification;
  private String outputPort;
  private CompatibilityMode compatibilityMode;
  private final List<String> schemaVersions = new ArrayList<>();
  private Set<String> currentFields = Set.of();
  private final Map<DataProductId, List<FieldMapping>> upstreams = new HashMap<>();
  private OpenTransfer openTransfer;
  private final Set<TransferId> usedTransferIds = new java.util.HashSet<>();

  private record OpenTransfer(
      TransferId transferId,
      TeamId toTeam,
      PersonId requestedBy,
      Instant requestedAt,
      Instant expiresAt) {}

  protected DataProduct() {}

  @CommandHandler
  public DataProduct(
      RegisterDataProductCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      ProductCatalog catalog) {
    PersonId registrant = Actors.require(actor);
    if (catalog.product(command.productId()).isPresent()) {
      throw new GovernanceException(
          RejectionCode.PRODUCT_ALREADY_REGISTERED,
          "data product " + command.productId() + " is already registered");
    }
    if (!teams.teamExists(command.owningTeam())) {
      throw new GovernanceException(
          RejectionCode.TEAM_NOT_FOUND, "team " + command.owningTeam() + " does not exist");
    }
    if (!teams.isMember(command.owningTeam(), registrant)) {
      throw new GovernanceException(
          RejectionCode.NOT_A_TEAM_MEMBER,
          registrant
              + " is not a member of team "
              + command.owningTeam()
              + " and may not register a product for it");
    }
    apply(
        new DataProductRegisteredEvent(
            command.productId(),
            command.owningTeam(),
            command.steward() == null ? registrant : command.steward(),
            command.description(),
            command.tags(),
            command.classification(),
            command.outputPort(),
            command.compatibilityMode()));
  }

  @CommandHandler
  void handle(
      UpdateDataProductCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    var event =
        new DataProductUpdatedEvent(
            id,
            command.description() == null ? description : command.description(),
            command.tags() == null ? tags : command.tags(),
            command.classification() == null ? classification : command.classification(),
            command.outputPort() == null ? outputPort : command.outputPort());
    if (!event.equals(
        new DataProductUpdatedEvent(id, description, tags, classification, outputPort))) {
      apply(event);
    }
  }

  @CommandHandler
  void handle(
      AssignStewardCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    if (!command.steward().equals(steward)) {
      apply(new StewardAssignedEvent(id, command.steward(), steward));
    }
  }

  @CommandHandler
  void handle(
      DeprecateDataProductCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      ProductCatalog catalog,
      Clock clock) {
    requireChangeableBy(actor, teams);
    if (lifecycle == Lifecycle.DEPRECATED) {
      throw new GovernanceException(
          RejectionCode.ALREADY_DEPRECATED,
          id + " is already deprecated with sunset date " + sunsetDate);
    }
    if (command.sunsetDate().isBefore(LocalDate.now(clock))) {
      throw GovernanceException.invalid(
          "sunset date " + command.sunsetDate() + " lies in the past");
    }
    DataProductId replacement = command.replacement();
    if (replacement != null) {
      if (replacement.equals(id)) {
        throw GovernanceException.invalid(id + " cannot replace itself");
      }
      catalog.requireLive(replacement, "replacement");
    }
    apply(new DataProductDeprecatedEvent(id, command.sunsetDate(), replacement));
  }

  @CommandHandler
  void handle(
      RetireDataProductCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      ProductCatalog catalog,
      SubscriptionRegistry subscriptions,
      Clock clock,
      DeadlineManager deadlines) {
    PersonId person = requireChangeableBy(actor, teams);
    // an approval in flight holds this lock: its subscription is counted below once it commits
    catalog.lockProduct(id);
    List<ApprovedSubscription> approved = subscriptions.approvedSubscriptions(id);
    boolean pastSunset =
        lifecycle == Lifecycle.DEPRECATED && !LocalDate.now(clock).isBefore(sunsetDate);
    if (!approved.isEmpty() && !pastSunset) {
      throw new GovernanceException(
          RejectionCode.SUNSET_NOT_REACHED,
          id
              + " has "
              + approved.size()
              + " approved subscription(s): deprecate it and wait for the sunset date"
              + (sunsetDate == null ? "" : " " + sunsetDate),
          Map.of("affectedSubscriptions", describe(approved)));
    }
    if (openTransfer != null) {
      apply(
          new OwnershipTransferCancelledEvent(
              id, openTransfer.transferId(), openTransfer.toTeam(), person));
      deadlines.cancelAllWithinScope(TRANSFER_EXPIRY);
    }
    apply(new DataProductRetiredEvent(id));
  }

  @CommandHandler
  void handle(
      RequestOwnershipTransferCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      Clock clock,
      OwnershipTransferPolicy policy,
      DeadlineManager deadlines) {
    PersonId requester = requireChangeableBy(actor, teams);
    if (openTransfer != null) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_ALREADY_OPEN,
          id
              + " already has an open transfer request "
              + openTransfer.transferId()
              + " to team "
              + openTransfer.toTeam());
    }
    if (usedTransferIds.contains(command.transferId())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_ID_TAKEN,
          "transfer id " + command.transferId() + " was used before on " + id + ": choose another");
    }
    if (command.targetTeam().equals(owningTeam)) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_TO_CURRENT_OWNER, "team " + owningTeam + " already owns " + id);
    }
    if (!teams.teamExists(command.targetTeam())) {
      throw new GovernanceException(
          RejectionCode.TEAM_NOT_FOUND, "team " + command.targetTeam() + " does not exist");
    }
    Instant expiresAt = clock.instant().plus(policy.expiry());
    apply(
        new OwnershipTransferRequestedEvent(
            id,
            command.transferId(),
            owningTeam,
            command.targetTeam(),
            requester,
            command.reason(),
            expiresAt));
    deadlines.schedule(expiresAt, TRANSFER_EXPIRY, command.transferId());
  }

  @CommandHandler
  void handle(
      AcceptOwnershipTransferCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      Clock clock,
      DeadlineManager deadlines) {
    PersonId person = Actors.require(actor);
    OpenTransfer transfer = requireOpenTransfer(command.transferId());
    if (!clock.instant().isBefore(transfer.expiresAt())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_EXPIRED,
          "transfer request " + transfer.transferId() + " expired at " + transfer.expiresAt());
    }
    if (person.equals(transfer.requestedBy())) {
      throw new GovernanceException(
          RejectionCode.SELF_APPROVAL,
          person + " requested transfer " + transfer.transferId() + " and may not accept it");
    }
    requireReceivingMember(person, transfer, teams);
    requireIndependentAcceptor(person, transfer, teams);
    apply(
        new OwnershipTransferAcceptedEvent(
            id,
            transfer.transferId(),
            owningTeam,
            transfer.toTeam(),
            transfer.requestedBy(),
            person));
    deadlines.cancelAllWithinScope(TRANSFER_EXPIRY);
  }

  @CommandHandler
  void handle(
      RejectOwnershipTransferCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      DeadlineManager deadlines) {
    PersonId person = Actors.require(actor);
    OpenTransfer transfer = requireOpenTransfer(command.transferId());
    requireReceivingMember(person, transfer, teams);
    apply(new OwnershipTransferRejectedEvent(id, transfer.transferId(), transfer.toTeam(), person));
    deadlines.cancelAllWithinScope(TRANSFER_EXPIRY);
  }

  @CommandHandler
  void handle(
      CancelOwnershipTransferCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      DeadlineManager deadlines) {
    PersonId person = Actors.require(actor);
    OpenTransfer transfer = requireOpenTransfer(command.transferId());
    if (!person.equals(transfer.requestedBy())) {
      Authorisation.requireOwnerOrSteward(person, view(), teams);
    }
    apply(
        new OwnershipTransferCancelledEvent(id, transfer.transferId(), transfer.toTeam(), person));
    deadlines.cancelAllWithinScope(TRANSFER_EXPIRY);
  }

  @CommandHandler
  void handle(
      ExpireOwnershipTransferCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      Clock clock) {
    Actors.require(actor);
    OpenTransfer transfer = requireOpenTransfer(command.transferId());
    if (clock.instant().isBefore(transfer.expiresAt())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_NOT_EXPIRED,
          "transfer request " + transfer.transferId() + " is open until " + transfer.expiresAt());
    }
    apply(
        new OwnershipTransferExpiredEvent(
            id, transfer.transferId(), transfer.toTeam(), transfer.expiresAt()));
  }

  @DeadlineHandler(deadlineName = TRANSFER_EXPIRY)
  void onTransferExpiry(TransferId transferId) {
    if (openTransfer != null && openTransfer.transferId().equals(transferId)) {
      apply(
          new OwnershipTransferExpiredEvent(
              id, transferId, openTransfer.toTeam(), openTransfer.expiresAt()),
          MetaData.with(GovernanceMetaData.ACTOR, GovernanceMetaData.SYSTEM_ACTOR));
    }
  }

  @CommandHandler
  void handle(
      PublishSchemaVersionCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      SubscriptionRegistry subscriptions) {
    requireChangeableBy(actor, teams);
    Schema candidate = AvroSchemas.parse(command.avroSchema());
    List<Schema> previous = schemaVersions.stream().map(AvroSchemas::parse).toList();
    if (!previous.isEmpty() && previous.get(previous.size() - 1).equals(candidate)) {
      throw new GovernanceException(
          RejectionCode.SCHEMA_UNCHANGED,
          "the schema equals version " + previous.size() + " of " + id);
    }
    List<String> violations =
        SchemaCompatibilityChecker.violations(compatibilityMode, candidate, previous);
    if (!violations.isEmpty()) {
      Set<String> touched = AvroSchemas.touchedFields(previous.get(previous.size() - 1), candidate);
      List<ApprovedSubscription> affected =
          subscriptions.approvedSubscriptions(id).stream()
              .filter(s -> touched.isEmpty() || s.uses(touched))
              .toList();
      throw new GovernanceException(
          RejectionCode.INCOMPATIBLE_SCHEMA,
          "the schema breaks "
              + compatibilityMode
              + " compatibility of "
              + id
              + " ("
              + violations.size()
              + " violation(s), "
              + affected.size()
              + " approved subscription(s) affected)",
          Map.of(
              "violations", violations,
              "touchedFields", List.copyOf(touched),
              "affectedSubscriptions", describe(affected)));
    }
    apply(
        new SchemaVersionPublishedEvent(
            id,
            schemaVersions.size() + 1,
            command.avroSchema(),
            AvroSchemas.fields(candidate),
            compatibilityMode));
  }

  @CommandHandler
  void handle(
      ChangeCompatibilityModeCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    if (command.compatibilityMode() != compatibilityMode) {
      apply(new CompatibilityModeChangedEvent(id, command.compatibilityMode(), compatibilityMode));
    }
  }

  @CommandHandler
  void handle(
      DeclareUpstreamCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams,
      ProductCatalog catalog) {
    requireChangeableBy(actor, teams);
    DataProductId upstream = command.upstream();
    if (upstream.equals(id)) {
      throw new GovernanceException(
          RejectionCode.LINEAGE_CYCLE, id + " cannot be its own upstream");
    }
    ProductView source =
        catalog
            .product(upstream)
            .orElseThrow(
                () ->
                    new GovernanceException(
                        RejectionCode.UPSTREAM_NOT_FOUND,
                        "upstream " + upstream + " does not exist"));
    if (source.retired()) {
      throw new GovernanceException(
          RejectionCode.UPSTREAM_RETIRED, "upstream " + upstream + " is retired");
    }
    requireKnownFields(command.fieldMappings(), source);
    List<FieldMapping> declared = upstreams.get(upstream);
    if (declared == null && catalog.feeds(id, upstream)) {
      throw new GovernanceException(
          RejectionCode.LINEAGE_CYCLE,
          id + " already feeds " + upstream + ": declaring it as upstream would close a cycle");
    }
    if (!command.fieldMappings().equals(declared)) {
      apply(new UpstreamDeclaredEvent(id, upstream, command.fieldMappings()));
    }
  }

  @CommandHandler
  void handle(
      RemoveUpstreamCommand command,
      @MetaDataValue(GovernanceMetaData.ACTOR) String actor,
      TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    if (!upstreams.containsKey(command.upstream())) {
      throw new GovernanceException(
          RejectionCode.UPSTREAM_NOT_DECLARED, command.upstream() + " is not an upstream of " + id);
    }
    apply(new UpstreamRemovedEvent(id, command.upstream()));
  }

  private PersonId requireChangeableBy(String actor, TeamDirectory teams) {
    PersonId person = Actors.require(actor);
    if (lifecycle == Lifecycle.RETIRED) {
      throw new GovernanceException(
          RejectionCode.PRODUCT_RETIRED, id + " is retired and accepts no further changes");
    }
    Authorisation.requireOwnerOrSteward(person, view(), teams);
    return person;
  }

  private ProductView view() {
    return new ProductView(id, owningTeam, steward, lifecycle, currentFields);
  }

  private OpenTransfer requireOpenTransfer(TransferId transferId) {
    if (openTransfer == null || !openTransfer.transferId().equals(transferId)) {
      throw new GovernanceException(
          RejectionCode.NO_OPEN_TRANSFER,
          "transfer request " + transferId + " of " + id + " is not open");
    }
    return openTransfer;
  }

  private static void requireReceivingMember(
      PersonId person, OpenTransfer transfer, TeamDirectory teams) {
    if (!teams.isMember(transfer.toTeam(), person)) {
      throw new GovernanceException(
          RejectionCode.NOT_RECEIVING_TEAM_MEMBER,
          person + " is not a member of the receiving team " + transfer.toTeam());
    }
  }

  /**
   * Four-eyes between teams: the receiving team takes part only if the acceptor belonged to it
   * before the request (nobody can be added to it afterwards to accept) and does not belong to the
   * giving team as well.
   */
  private void requireIndependentAcceptor(
      PersonId person, OpenTransfer transfer, TeamDirectory teams) {
    if (teams.isMember(owningTeam, person)) {
      throw new GovernanceException(
          RejectionCode.ACCEPTOR_IN_GIVING_TEAM,
          person
              + " is a member of the giving team "
              + owningTeam
              + " too: someone only in "
              + transfer.toTeam()
              + " must accept");
    }
    Instant joined = teams.memberSince(transfer.toTeam(), person).orElse(Instant.MAX);
    if (!joined.isBefore(transfer.requestedAt())) {
      throw new GovernanceException(
          RejectionCode.JOINED_AFTER_REQUEST,
          person
              + " joined team "
              + transfer.toTeam()
              + " after transfer "
              + transfer.transferId()
              + " was requested: a member from before the request must accept");
    }
  }

  private void requireKnownFields(List<FieldMapping> mappings, ProductView source) {
    for (FieldMapping mapping : mappings) {
      if (!currentFields.contains(mapping.outputField())) {
        throw new GovernanceException(
            RejectionCode.UNKNOWN_FIELD,
            "output field "
                + mapping.outputField()
                + " is not in the current schema of "
                + id
                + knownFields(currentFields));
      }
      for (String input : mapping.inputFields()) {
        if (!source.currentFields().contains(input)) {
          throw new GovernanceException(
              RejectionCode.UNKNOWN_FIELD,
              "input field "
                  + input
                  + " is not in the current schema of "
                  + source.id()
                  + knownFields(source.currentFields()));
        }
      }
    }
  }

  private static String knownFields(Set<String> fields) {
    return fields.isEmpty()
        ? " (no schema published yet)"
        : " (fields: " + String.join(", ", fields.stream().sorted().toList()) + ")";
  }

  private static List<String> describe(List<ApprovedSubscription> subscriptions) {
    return subscriptions.stream()
        .map(s -> s.subscriptionId() + " (team " + s.consumerTeam() + ")")
        .toList();
  }

  @EventSourcingHandler
  void on(DataProductRegisteredEvent event) {
    id = event.productId();
    owningTeam = event.owningTeam();
    steward = event.steward();
    lifecycle = Lifecycle.ACTIVE;
    description = event.description();
    tags = event.tags();
    classification = event.classification();
    outputPort = event.outputPort();
    compatibilityMode = event.compatibilityMode();
  }

  @EventSourcingHandler
  void on(DataProductUpdatedEvent event) {
    description = event.description();
    tags = event.tags();
    classification = event.classification();
    outputPort = event.outputPort();
  }

  @EventSourcingHandler
  void on(StewardAssignedEvent event) {
    steward = event.steward();
  }

  @EventSourcingHandler
  void on(DataProductDeprecatedEvent event) {
    lifecycle = Lifecycle.DEPRECATED;
    sunsetDate = event.sunsetDate();
  }

  @EventSourcingHandler
  void on(DataProductRetiredEvent event) {
    lifecycle = Lifecycle.RETIRED;
  }

  @EventSourcingHandler
  void on(OwnershipTransferRequestedEvent event, @Timestamp Instant requestedAt) {
    usedTransferIds.add(event.transferId());
    openTransfer =
        new OpenTransfer(
            event.transferId(),
            event.toTeam(),
            event.requestedBy(),
            requestedAt,
            event.expiresAt());
  }

  @EventSourcingHandler
  void on(OwnershipTransferAcceptedEvent event) {
    owningTeam = event.toTeam();
    openTransfer = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferRejectedEvent event) {
    openTransfer = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferCancelledEvent event) {
    openTransfer = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferExpiredEvent event) {
    openTransfer = null;
  }

  @EventSourcingHandler
  void on(SchemaVersionPublishedEvent event) {
    schemaVersions.add(event.avroSchema());
    currentFields =
        Set.copyOf(event.fields().stream().map(io.meshgov.api.SchemaField::name).toList());
  }

  @EventSourcingHandler
  void on(CompatibilityModeChangedEvent event) {
    compatibilityMode = event.compatibilityMode();
  }

  @EventSourcingHandler
  void on(UpstreamDeclaredEvent event) {
    upstreams.put(event.upstream(), List.copyOf(event.fieldMappings()));
  }

  @EventSourcingHandler
  void on(UpstreamRemovedEvent event) {
    upstreams.remove(event.upstream());
  }

  @Override
  public String toString() {
    return "DataProduct[" + Objects.toString(id) + "]";
  }
}
