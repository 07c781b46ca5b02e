package io.meshgov.command.domain.domains;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.asAdmin;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;

import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DomainCommand.RegisterDomainCommand;
import io.meshgov.api.domain.DomainEvent.DomainRegisteredEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DomainTest {

  private static final DomainName PAYMENTS = DomainName.of("payments");
  private static final List<PersonId> OWNERS = List.of(PersonId.of("alice"));

  private final InMemoryLookups lookups = new InMemoryLookups().domain("cards", "carl");
  private AggregateTestFixture<Domain> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Domain.class);
    fixture.registerInjectableResource(lookups);
  }

  private RegisterDomainCommand register(DomainName domain) {
    return new RegisterDomainCommand(domain, "Payments", "money moving", OWNERS);
  }

  @Test
  void a_platform_admin_registers_a_domain_with_its_owners() {
    fixture
        .givenNoPriorActivity()
        .when(register(PAYMENTS), asAdmin("root"))
        .expectEvents(new DomainRegisteredEvent(PAYMENTS, "Payments", "money moving", OWNERS));
  }

  @Test
  void nobody_else_registers_domains() {
    fixture
        .givenNoPriorActivity()
        .when(register(PAYMENTS), as("alice"))
        .expectException(rejectedWith(RejectionCode.ADMIN_ONLY));
  }

  @Test
  void a_domain_name_is_registered_once() {
    fixture
        .givenNoPriorActivity()
        .when(register(DomainName.of("cards")), asAdmin("root"))
        .expectException(rejectedWith(RejectionCode.DOMAIN_ALREADY_REGISTERED));
  }
}
