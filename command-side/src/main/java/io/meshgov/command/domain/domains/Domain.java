package io.meshgov.command.domain.domains;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DomainCommand;
import io.meshgov.api.command.DomainCommand.RegisterDomainCommand;
import io.meshgov.api.domain.DomainEvent.DomainRegisteredEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.access.PlatformRoles;
import io.meshgov.command.domain.directory.DomainDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * A business area of the mesh and the people who own it: registered by a platform admin; its owners
 * register the teams of the domain, and products take the domain's name as id prefix.
 */
public class Domain {

  /** The stream id ({@code domain:<name>}): a team may be named like its domain. */
  @AggregateIdentifier private String stream;

  private DomainName id;

  protected Domain() {}

  @CommandHandler
  public Domain(
      RegisterDomainCommand command,
      @Actor PersonId registrant,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles,
      DomainDirectory domains) {
    PlatformRoles.requireAdmin(registrant, roles, "register a domain");
    if (domains.domainExists(command.domainId())) {
      throw new GovernanceException(
          RejectionCode.DOMAIN_ALREADY_REGISTERED,
          "domain " + command.domainId() + " is already registered");
    }
    apply(
        new DomainRegisteredEvent(
            command.domainId(), command.name(), command.description(), command.owners()));
  }

  @EventSourcingHandler
  void on(DomainRegisteredEvent event) {
    id = event.domainId();
    stream = DomainCommand.streamOf(id);
  }

  @Override
  public String toString() {
    return "Domain[" + id + "]";
  }
}
