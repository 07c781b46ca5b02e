package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.LEDGER;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.registered;
import static io.meshgov.command.domain.product.ProductFixtures.schemaV1;

import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.Lifecycle;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.RemoveUpstreamCommand;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A downstream product (here payments.settlements) declares the products it reads. */
class LineageDeclarationTest {

  private static final DataProductId CARDS = DataProductId.of("payments.card-authorisations");
  private static final FieldMapping AMOUNT_FROM_CARDS =
      new FieldMapping("amount", List.of("amount_minor", "currency"), "minor units to major");

  private final InMemoryLookups lookups =
      ProductFixtures.lookups()
          .product(
              "payments.card-authorisations",
              "payments-core",
              null,
              Lifecycle.ACTIVE,
              "amount_minor",
              "currency",
              "card_id");
  private AggregateTestFixture<DataProduct> fixture;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
  }

  @Test
  void an_owner_declares_an_upstream_with_field_mappings() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(
            new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)), as("alice"))
        .expectEvents(new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)));
  }

  @Test
  void declaring_the_same_upstream_again_replaces_its_mappings_and_identical_ones_record_nothing() {
    fixture
        .given(
            registered(),
            schemaV1(SETTLEMENTS),
            new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of()))
        .when(
            new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)), as("alice"))
        .expectEvents(new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)));
    fixture
        .given(
            registered(),
            schemaV1(SETTLEMENTS),
            new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)))
        .when(
            new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of(AMOUNT_FROM_CARDS)), as("alice"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void lineage_commands_without_a_person_as_actor_are_rejected() {
    fixture
        .given(registered())
        .when(new RemoveUpstreamCommand(SETTLEMENTS, LEDGER), as("meshgov-bot"))
        .expectException(rejectedWith(RejectionCode.ACTOR_MISSING));
  }

  @Test
  void declaring_is_rejected_when_the_upstream_does_not_exist() {
    fixture
        .given(registered())
        .when(new DeclareUpstreamCommand(SETTLEMENTS, LEDGER, List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.UPSTREAM_NOT_FOUND));
  }

  @Test
  void declaring_is_rejected_when_the_upstream_is_retired() {
    lookups.product("finance.ledger", "finance", null, Lifecycle.RETIRED);
    fixture
        .given(registered())
        .when(new DeclareUpstreamCommand(SETTLEMENTS, LEDGER, List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.UPSTREAM_RETIRED));
  }

  @Test
  void a_product_cannot_be_its_own_upstream() {
    fixture
        .given(registered())
        .when(new DeclareUpstreamCommand(SETTLEMENTS, SETTLEMENTS, List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.LINEAGE_CYCLE));
  }

  @Test
  void declaring_is_rejected_when_it_would_close_a_cycle() {
    // settlements feeds ledger, ledger feeds cards: cards upstream of settlements closes the loop
    lookups
        .product("finance.ledger", "finance", null, Lifecycle.ACTIVE)
        .edge("payments.settlements", "finance.ledger")
        .edge("finance.ledger", "payments.card-authorisations");
    fixture
        .given(registered())
        .when(new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.LINEAGE_CYCLE));
  }

  @Test
  void declaring_is_rejected_when_an_output_field_is_not_in_the_current_schema() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(
            new DeclareUpstreamCommand(
                SETTLEMENTS, CARDS, List.of(new FieldMapping("fee", List.of("currency"), null))),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.UNKNOWN_FIELD));
  }

  @Test
  void declaring_is_rejected_when_an_input_field_is_not_in_the_upstream_schema() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(
            new DeclareUpstreamCommand(
                SETTLEMENTS, CARDS, List.of(new FieldMapping("amount", List.of("price"), null))),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.UNKNOWN_FIELD));
  }

  @Test
  void declaring_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of()), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void declaring_is_rejected_for_a_retired_product() {
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new DeclareUpstreamCommand(SETTLEMENTS, CARDS, List.of()), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void an_owner_removes_a_declared_upstream() {
    fixture
        .given(registered(), new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of()))
        .when(new RemoveUpstreamCommand(SETTLEMENTS, CARDS), as("steve"))
        .expectEvents(new UpstreamRemovedEvent(SETTLEMENTS, CARDS));
  }

  @Test
  void removing_an_upstream_that_was_never_declared_is_rejected() {
    fixture
        .given(registered())
        .when(new RemoveUpstreamCommand(SETTLEMENTS, CARDS), as("alice"))
        .expectException(rejectedWith(RejectionCode.UPSTREAM_NOT_DECLARED));
  }

  @Test
  void removing_an_upstream_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered(), new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of()))
        .when(new RemoveUpstreamCommand(SETTLEMENTS, CARDS), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void a_diamond_is_not_a_cycle() {
    // cards feeds ledger; settlements reads both: two paths, no loop
    lookups
        .product("finance.ledger", "finance", null, Lifecycle.ACTIVE)
        .edge("payments.card-authorisations", "finance.ledger");
    fixture
        .given(
            ProductFixtures.registered(SETTLEMENTS, CompatibilityMode.BACKWARD),
            new UpstreamDeclaredEvent(SETTLEMENTS, CARDS, List.of()))
        .when(new DeclareUpstreamCommand(SETTLEMENTS, LEDGER, List.of()), as("alice"))
        .expectEvents(new UpstreamDeclaredEvent(SETTLEMENTS, LEDGER, List.of()));
  }
}
