package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.ALICE;
import static io.meshgov.command.domain.product.ProductFixtures.LEDGER;
import static io.meshgov.command.domain.product.ProductFixtures.PAYMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.STEVE;
import static io.meshgov.command.domain.product.ProductFixtures.registered;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.DataProductCommand.AssignStewardCommand;
import io.meshgov.api.command.DataProductCommand.DeprecateDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.command.DataProductCommand.UpdateDataProductCommand;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductUpdatedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataProductTest {

  private final InMemoryLookups lookups = ProductFixtures.lookups();
  private AggregateTestFixture<DataProduct> fixture;
  private LocalDate today;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
    today = LocalDate.ofInstant(fixture.currentTime(), ZoneOffset.UTC);
  }

  private RegisterDataProductCommand register(PersonId steward) {
    return new RegisterDataProductCommand(
        SETTLEMENTS,
        PAYMENTS,
        steward,
        "Settled card payments",
        List.of("Payments"),
        Classification.INTERNAL,
        "kafka:payments.settlements.v1",
        null);
  }

  @Test
  void a_team_member_registers_a_product() {
    fixture.givenNoPriorActivity().when(register(STEVE), as("alice")).expectEvents(registered());
  }

  @Test
  void a_products_id_starts_with_its_owning_teams_domain() {
    lookups.teamIn("payments-core", "cards");
    fixture
        .givenNoPriorActivity()
        .when(register(STEVE), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_OUTSIDE_DOMAIN));
    lookups.teamIn("payments-core", "payments");
    fixture.givenNoPriorActivity().when(register(STEVE), as("alice")).expectEvents(registered());
  }

  @Test
  void the_registrant_is_the_steward_when_none_is_named() {
    fixture
        .givenNoPriorActivity()
        .when(register(null), as("alice"))
        .expectEvents(
            new DataProductRegisteredEvent(
                SETTLEMENTS,
                PAYMENTS,
                ALICE,
                "Settled card payments",
                List.of("payments"),
                Classification.INTERNAL,
                "kafka:payments.settlements.v1",
                CompatibilityMode.BACKWARD));
  }

  @Test
  void registering_is_rejected_when_the_product_id_is_taken() {
    lookups.product("payments.settlements", "finance", null, Lifecycle.ACTIVE);
    fixture
        .givenNoPriorActivity()
        .when(register(STEVE), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_ALREADY_REGISTERED));
  }

  @Test
  void registering_is_rejected_when_the_owning_team_does_not_exist() {
    fixture
        .givenNoPriorActivity()
        .when(
            new RegisterDataProductCommand(
                SETTLEMENTS, TeamId.of("nobody"), null, null, null, null, null, null),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.TEAM_NOT_FOUND));
  }

  @Test
  void registering_is_rejected_when_the_registrant_is_not_in_the_owning_team() {
    fixture
        .givenNoPriorActivity()
        .when(register(STEVE), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_A_TEAM_MEMBER));
  }

  @Test
  void registering_is_rejected_without_an_actor() {
    fixture
        .givenNoPriorActivity()
        .when(register(STEVE))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void the_steward_updates_the_description_and_keeps_the_rest() {
    fixture
        .given(registered())
        .when(
            new UpdateDataProductCommand(SETTLEMENTS, "All settlements", null, null, null),
            as("steve"))
        .expectEvents(
            new DataProductUpdatedEvent(
                SETTLEMENTS,
                "All settlements",
                List.of("payments"),
                Classification.INTERNAL,
                "kafka:payments.settlements.v1"));
  }

  @Test
  void an_update_that_changes_nothing_records_nothing() {
    fixture
        .given(registered())
        .when(
            new UpdateDataProductCommand(
                SETTLEMENTS, "Settled card payments", List.of("payments"), null, null),
            as("alice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void updating_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(
            new UpdateDataProductCommand(
                SETTLEMENTS, "mine now", null, Classification.PUBLIC, null),
            as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void an_owner_assigns_a_new_steward() {
    fixture
        .given(registered())
        .when(new AssignStewardCommand(SETTLEMENTS, PersonId.of("sam")), as("alice"))
        .expectEvents(new StewardAssignedEvent(SETTLEMENTS, PersonId.of("sam"), STEVE));
  }

  @Test
  void assigning_a_steward_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new AssignStewardCommand(SETTLEMENTS, PersonId.of("bob")), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void the_steward_deprecates_with_a_sunset_date_and_a_replacement() {
    lookups.product("finance.ledger", "finance", null, Lifecycle.ACTIVE);
    fixture
        .given(registered())
        .when(new DeprecateDataProductCommand(SETTLEMENTS, today.plusDays(30), LEDGER), as("steve"))
        .expectEvents(new DataProductDeprecatedEvent(SETTLEMENTS, today.plusDays(30), LEDGER));
  }

  @Test
  void deprecating_is_rejected_when_already_deprecated() {
    fixture
        .given(registered(), new DataProductDeprecatedEvent(SETTLEMENTS, today, null))
        .when(new DeprecateDataProductCommand(SETTLEMENTS, today.plusDays(1), null), as("steve"))
        .expectException(rejectedWith(RejectionCode.ALREADY_DEPRECATED));
  }

  @Test
  void deprecating_is_rejected_with_a_sunset_date_in_the_past() {
    fixture
        .given(registered())
        .when(new DeprecateDataProductCommand(SETTLEMENTS, today.minusDays(1), null), as("steve"))
        .expectException(rejectedWith(RejectionCode.INVALID_INPUT));
  }

  @Test
  void deprecating_is_rejected_when_the_replacement_does_not_exist() {
    fixture
        .given(registered())
        .when(
            new DeprecateDataProductCommand(
                SETTLEMENTS, today.plusDays(1), DataProductId.of("x.unknown")),
            as("steve"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_NOT_FOUND));
  }

  @Test
  void deprecating_is_rejected_when_the_replacement_is_retired() {
    lookups.product("finance.ledger", "finance", null, Lifecycle.RETIRED);
    fixture
        .given(registered())
        .when(new DeprecateDataProductCommand(SETTLEMENTS, today.plusDays(1), LEDGER), as("steve"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void a_product_cannot_replace_itself() {
    fixture
        .given(registered())
        .when(
            new DeprecateDataProductCommand(SETTLEMENTS, today.plusDays(1), SETTLEMENTS),
            as("steve"))
        .expectException(rejectedWith(RejectionCode.INVALID_INPUT));
  }

  @Test
  void product_commands_without_an_actor_are_rejected() {
    fixture
        .given(registered())
        .when(new RetireDataProductCommand(SETTLEMENTS))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void deprecating_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new DeprecateDataProductCommand(SETTLEMENTS, today.plusDays(1), null), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void a_product_without_approved_subscriptions_retires_at_once() {
    fixture
        .given(registered())
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectEvents(new DataProductRetiredEvent(SETTLEMENTS));
  }

  @Test
  void retiring_is_rejected_before_the_sunset_date_while_subscriptions_are_approved() {
    lookups.approved("payments.settlements", "sub_1", "finance");
    fixture
        .given(registered(), new DataProductDeprecatedEvent(SETTLEMENTS, today.plusDays(1), null))
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectException(rejectedWith(RejectionCode.SUNSET_NOT_REACHED));
  }

  @Test
  void retiring_is_rejected_without_deprecation_while_subscriptions_are_approved() {
    lookups.approved("payments.settlements", "sub_1", "finance");
    fixture
        .given(registered())
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectException(rejectedWith(RejectionCode.SUNSET_NOT_REACHED));
  }

  @Test
  void a_product_with_approved_subscriptions_retires_on_its_sunset_date() {
    lookups.approved("payments.settlements", "sub_1", "finance");
    fixture
        .given(registered(), new DataProductDeprecatedEvent(SETTLEMENTS, today, null))
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectEvents(new DataProductRetiredEvent(SETTLEMENTS));
  }

  @Test
  void retiring_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new RetireDataProductCommand(SETTLEMENTS), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void a_retired_product_accepts_no_further_changes() {
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new UpdateDataProductCommand(SETTLEMENTS, "again", null, null, null), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void retiring_twice_is_rejected() {
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new RetireDataProductCommand(SETTLEMENTS), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }
}
