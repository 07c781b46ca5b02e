package io.meshgov.api.domain;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Events of the domain aggregate. Each is a public, versioned contract. */
public sealed interface DomainEvent {

  DomainName domainId();

  /** A domain was registered with the people who own it. */
  @Revision("1")
  record DomainRegisteredEvent(
      DomainName domainId, String name, String description, List<PersonId> owners)
      implements DomainEvent {}
}
