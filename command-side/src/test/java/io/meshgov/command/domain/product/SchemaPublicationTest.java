package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.SCHEMA_V1;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.registered;
import static io.meshgov.command.domain.product.ProductFixtures.schemaV1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.instanceOf;

import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.ErrorCategory;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SchemaField;
import io.meshgov.api.command.DataProductCommand.ChangeCompatibilityModeCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.product.DataProductEvent.CompatibilityModeChangedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaPublicationTest {

  private static final String V2_OPTIONAL_CURRENCY =
      """
      {"type":"record","name":"Settlement","fields":[
        {"name":"id","type":"string"},
        {"name":"amount","type":"long"},
        {"name":"currency","type":["null","string"],"default":null}]}
      """;

  private static final String V2_WITHOUT_AMOUNT =
      """
      {"type":"record","name":"Settlement","fields":[
        {"name":"id","type":"string"}]}
      """;

  private final InMemoryLookups lookups = ProductFixtures.lookups();
  private AggregateTestFixture<DataProduct> fixture;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
  }

  @Test
  void the_first_version_is_number_one_and_lists_its_fields() {
    fixture
        .given(registered())
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, SCHEMA_V1), as("alice"))
        .expectEvents(schemaV1(SETTLEMENTS));
  }

  @Test
  void a_compatible_change_becomes_version_two() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, V2_OPTIONAL_CURRENCY), as("steve"))
        .expectEvents(
            new SchemaVersionPublishedEvent(
                SETTLEMENTS,
                2,
                V2_OPTIONAL_CURRENCY,
                List.of(
                    new SchemaField("id", "\"string\"", false),
                    new SchemaField("amount", "\"long\"", false),
                    new SchemaField("currency", "[\"null\",\"string\"]", true)),
                CompatibilityMode.BACKWARD,
                List.of()));
  }

  @Test
  void a_breaking_change_is_rejected_with_its_violations_and_the_subscriptions_it_breaks() {
    lookups
        .approved("payments.settlements", "sub_reads-amount", "finance", "amount")
        .approved("payments.settlements", "sub_reads-id", "risk", "id")
        .approved("payments.settlements", "sub_reads-all", "audit");
    fixture
        .given(
            ProductFixtures.registered(SETTLEMENTS, CompatibilityMode.FORWARD),
            schemaV1(SETTLEMENTS))
        .when(
            new PublishSchemaVersionCommand(
                SETTLEMENTS,
                """
                {"type":"record","name":"Settlement","fields":[
                  {"name":"id","type":"string"},
                  {"name":"amount","type":"string"}]}
                """),
            as("alice"))
        .expectException(
            rejectedWith(
                RejectionCode.INCOMPATIBLE_SCHEMA,
                rejection -> {
                  assertThat(rejection.category()).isEqualTo(ErrorCategory.BREAKING_CHANGE);
                  assertThat(rejection.details().get("violations"))
                      .singleElement()
                      .asString()
                      .contains("FORWARD against version 1", "TYPE_MISMATCH", "/fields/1/type");
                  assertThat(rejection.details().get("touchedFields")).containsExactly("amount");
                  assertThat(rejection.details().get("affectedSubscriptions"))
                      .containsExactly(
                          "sub_reads-all (team audit)", "sub_reads-amount (team finance)");
                }));
  }

  @Test
  void adding_a_required_field_breaks_backward_compatibility() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(
            new PublishSchemaVersionCommand(
                SETTLEMENTS, V2_OPTIONAL_CURRENCY.replace(",\"default\":null", "")),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.INCOMPATIBLE_SCHEMA))
        .expectNoEvents();
  }

  @Test
  void an_invalid_avro_schema_is_rejected_as_invalid_input() {
    fixture
        .given(registered())
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, "{\"type\":\"record\"}"), as("alice"))
        .expectException(rejectedWith(RejectionCode.INVALID_SCHEMA));
  }

  @Test
  void a_schema_that_is_not_a_record_is_rejected_as_invalid_input() {
    fixture
        .given(registered())
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, "\"string\""), as("alice"))
        .expectException(rejectedWith(RejectionCode.INVALID_SCHEMA));
  }

  @Test
  void publishing_the_latest_schema_again_is_rejected() {
    fixture
        .given(registered(), schemaV1(SETTLEMENTS))
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, SCHEMA_V1), as("alice"))
        .expectException(rejectedWith(RejectionCode.SCHEMA_UNCHANGED));
  }

  @Test
  void publishing_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, SCHEMA_V1), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }

  @Test
  void publishing_is_rejected_for_a_retired_product() {
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new PublishSchemaVersionCommand(SETTLEMENTS, SCHEMA_V1), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void under_mode_none_a_breaking_change_is_published() {
    fixture
        .given(
            registered(),
            schemaV1(SETTLEMENTS),
            new CompatibilityModeChangedEvent(
                SETTLEMENTS, CompatibilityMode.NONE, CompatibilityMode.BACKWARD))
        .when(
            new PublishSchemaVersionCommand(SETTLEMENTS, V2_WITHOUT_AMOUNT.replace("id", "key")),
            as("alice"))
        .expectSuccessfulHandlerExecution()
        .expectEventsMatching(
            payloadsMatching(
                exactSequenceOf(instanceOf(SchemaVersionPublishedEvent.class), andNoMore())));
  }

  @Test
  void an_owner_changes_the_compatibility_mode() {
    fixture
        .given(registered())
        .when(
            new ChangeCompatibilityModeCommand(SETTLEMENTS, CompatibilityMode.FULL_TRANSITIVE),
            as("alice"))
        .expectEvents(
            new CompatibilityModeChangedEvent(
                SETTLEMENTS, CompatibilityMode.FULL_TRANSITIVE, CompatibilityMode.BACKWARD));
  }

  @Test
  void changing_the_compatibility_mode_is_rejected_for_someone_outside_the_owning_team() {
    fixture
        .given(registered())
        .when(new ChangeCompatibilityModeCommand(SETTLEMENTS, CompatibilityMode.NONE), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
  }
}
