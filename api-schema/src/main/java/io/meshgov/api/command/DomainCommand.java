package io.meshgov.api.command;

import io.meshgov.api.DomainName;
import io.meshgov.api.Limits;
import io.meshgov.api.PersonId;
import io.meshgov.api.Values;
import java.util.LinkedHashSet;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands to the domain aggregate: a business area of the mesh with the people who own it. The
 * acting person travels as metadata.
 */
public sealed interface DomainCommand extends GovernanceCommand {

  DomainName domainId();

  /** The stream of a domain: its name with a prefix, so a team may share the domain's name. */
  static String streamOf(DomainName domain) {
    return "domain:" + domain.value();
  }

  @Override
  default String aggregateId() {
    return streamOf(domainId());
  }

  @Override
  default AggregateKind kind() {
    return AggregateKind.DOMAIN;
  }

  /** Registers a domain and its owners (who may register teams in it); for platform admins. */
  record RegisterDomainCommand(
      DomainName domainId, String name, String description, List<PersonId> owners)
      implements DomainCommand {
    public RegisterDomainCommand {
      Values.required(domainId, "domain id");
      name = Values.requiredText(name, "domain name", Limits.NAME);
      description = Values.text(description, "description", Limits.TEXT);
      // each owner once (the lookups key on domain and person)
      owners = List.copyOf(new LinkedHashSet<>(Values.list(owners, "owners", 50)));
      if (owners.isEmpty()) {
        throw io.meshgov.api.GovernanceException.invalid("a domain needs at least one owner");
      }
    }

    @TargetAggregateIdentifier
    String stream() {
      return DomainCommand.streamOf(domainId);
    }
  }
}
