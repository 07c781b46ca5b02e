package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.registered;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DataProductCommand.BindDatasetCommand;
import io.meshgov.api.command.DataProductCommand.UnbindDatasetCommand;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DatasetBoundEvent;
import io.meshgov.api.product.DataProductEvent.DatasetUnboundEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BoundDatasetsTest {

  static final String KAFKA = "kafka://broker:9092";
  static final String TOPIC = "payments.settlements.v1";

  private final InMemoryLookups lookups = ProductFixtures.lookups();
  private AggregateTestFixture<DataProduct> fixture;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
  }

  private static DatasetBoundEvent bound() {
    return new DatasetBoundEvent(SETTLEMENTS, KAFKA, TOPIC);
  }

  @Test
  void an_owner_binds_a_dataset_once_and_binding_it_again_changes_nothing() {
    fixture
        .given(registered())
        .when(new BindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectEvents(bound());
    fixture
        .given(registered(), bound())
        .when(new BindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectNoEvents();
  }

  @Test
  void a_dataset_of_another_product_is_refused_until_unbound_there() {
    lookups.bound(KAFKA, TOPIC, "finance.ledger");
    fixture
        .given(registered())
        .when(new BindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectException(rejectedWith(RejectionCode.DATASET_BOUND_ELSEWHERE))
        .expectNoEvents();
  }

  @Test
  void only_owners_and_the_steward_bind_and_never_on_a_retired_product() {
    fixture
        .given(registered())
        .when(new BindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD))
        .expectNoEvents();
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new BindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED))
        .expectNoEvents();
  }

  @Test
  void unbinding_needs_a_bound_dataset() {
    fixture
        .given(registered(), bound())
        .when(new UnbindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectEvents(new DatasetUnboundEvent(SETTLEMENTS, KAFKA, TOPIC));
    fixture
        .given(registered())
        .when(new UnbindDatasetCommand(SETTLEMENTS, KAFKA, TOPIC), as("alice"))
        .expectException(rejectedWith(RejectionCode.DATASET_NOT_BOUND))
        .expectNoEvents();
  }

  @Test
  void names_without_a_namespace_or_with_control_characters_are_refused() {
    assertThatThrownBy(() -> new BindDatasetCommand(SETTLEMENTS, "", TOPIC))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> new BindDatasetCommand(SETTLEMENTS, KAFKA, "a\nb"))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> new BindDatasetCommand(SETTLEMENTS, KAFKA, "x".repeat(1001)))
        .isInstanceOf(GovernanceException.class);
  }
}
