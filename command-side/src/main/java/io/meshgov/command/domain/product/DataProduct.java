package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.AssignStewardCommand;
import io.meshgov.api.command.DataProductCommand.ChangeCompatibilityModeCommand;
import io.meshgov.api.command.DataProductCommand.DeprecateDataProductCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.command.DataProductCommand.UpdateDataProductCommand;
import io.meshgov.api.product.DataProductEvent.CompatibilityModeChangedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductUpdatedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.access.Authorisation;
import io.meshgov.command.domain.directory.ApprovedSubscription;
import io.meshgov.command.domain.directory.DomainDirectory;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.ProductView;
import io.meshgov.command.domain.directory.SubscriptionRegistry;
import io.meshgov.command.domain.directory.TeamDirectory;
import io.meshgov.schema.AvroSchemas;
import io.meshgov.schema.SchemaCompatibilityChecker;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;

/**
 * A data product: the unit of ownership. Decides every change of its description, steward,
 * lifecycle, owner, schema and declared lineage; only members of the owning team and the steward
 * may change it.
 */
public class DataProduct {

  static final String TRANSFER_EXPIRY = OwnershipTransfers.EXPIRY;

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

  @AggregateMember private final DeclaredUpstreams upstreams = new DeclaredUpstreams(this);

  @AggregateMember private final BoundDatasets datasets = new BoundDatasets(this);

  @AggregateMember private final OwnershipTransfers transfers = new OwnershipTransfers(this);

  @AggregateMember private final ServiceLevels serviceLevels = new ServiceLevels(this);

  protected DataProduct() {}

  @CommandHandler
  public DataProduct(
      RegisterDataProductCommand command,
      @Actor PersonId registrant,
      TeamDirectory teams,
      DomainDirectory domains,
      ProductCatalog catalog) {
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
    requireInTeamsDomain(command.productId(), command.owningTeam(), domains);
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
  void handle(UpdateDataProductCommand command, @Actor PersonId actor, TeamDirectory teams) {
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
  void handle(AssignStewardCommand command, @Actor PersonId actor, TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    if (!command.steward().equals(steward)) {
      apply(new StewardAssignedEvent(id, command.steward(), steward));
    }
  }

  @CommandHandler
  void handle(
      DeprecateDataProductCommand command,
      @Actor PersonId actor,
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
      @Actor PersonId actor,
      TeamDirectory teams,
      ProductCatalog catalog,
      SubscriptionRegistry subscriptions,
      Clock clock,
      DeadlineManager deadlines) {
    requireChangeableBy(actor, teams);
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
    transfers.cancelOpen(actor, deadlines);
    apply(new DataProductRetiredEvent(id));
  }

  @DeadlineHandler(deadlineName = TRANSFER_EXPIRY)
  void onTransferExpiry(TransferId transferId) {
    transfers.expire(transferId);
  }

  @CommandHandler
  void handle(
      PublishSchemaVersionCommand command,
      @Actor PersonId actor,
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
    Set<String> touched =
        previous.isEmpty()
            ? Set.of()
            : AvroSchemas.touchedFields(previous.get(previous.size() - 1), candidate);
    if (!violations.isEmpty()) {
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
            compatibilityMode,
            List.copyOf(touched)));
  }

  @CommandHandler
  void handle(ChangeCompatibilityModeCommand command, @Actor PersonId actor, TeamDirectory teams) {
    requireChangeableBy(actor, teams);
    if (command.compatibilityMode() != compatibilityMode) {
      apply(new CompatibilityModeChangedEvent(id, command.compatibilityMode(), compatibilityMode));
    }
  }

  /**
   * A product's id starts with its owning team's domain at registration ({@code payments.x} for a
   * team of {@code payments}), so nobody squats names in another domain; the id stays when the
   * product moves. Teams whose domain the lookups do not know yet (older stores) are not checked.
   */
  private static void requireInTeamsDomain(
      DataProductId product, TeamId team, DomainDirectory domains) {
    domains
        .domainOf(team)
        .filter(domain -> !product.value().startsWith(domain.value() + "."))
        .ifPresent(
            domain -> {
              throw new GovernanceException(
                  RejectionCode.PRODUCT_OUTSIDE_DOMAIN,
                  "team "
                      + team
                      + " belongs to domain "
                      + domain
                      + ": its products are named "
                      + domain
                      + ".<name>, not "
                      + product);
            });
  }

  /** Refuses changes to a retired product and by anyone but its owners and steward. */
  void requireChangeableBy(PersonId person, TeamDirectory teams) {
    if (lifecycle == Lifecycle.RETIRED) {
      throw new GovernanceException(
          RejectionCode.PRODUCT_RETIRED, id + " is retired and accepts no further changes");
    }
    Authorisation.requireOwnerOrSteward(person, view(), teams);
  }

  DataProductId id() {
    return id;
  }

  TeamId owningTeam() {
    return owningTeam;
  }

  Set<String> currentFields() {
    return currentFields;
  }

  ProductView view() {
    return new ProductView(id, owningTeam, steward, lifecycle, currentFields);
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
  void on(OwnershipTransferAcceptedEvent event) {
    owningTeam = event.toTeam();
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

  @Override
  public String toString() {
    return "DataProduct[" + Objects.toString(id) + "]";
  }
}
