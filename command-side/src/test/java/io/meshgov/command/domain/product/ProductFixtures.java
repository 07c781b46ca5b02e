package io.meshgov.command.domain.product;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.PersonId;
import io.meshgov.api.SchemaField;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** The cast of the data product tests: two teams, their people and one product. */
final class ProductFixtures {

  static final DataProductId SETTLEMENTS = DataProductId.of("payments.settlements");
  static final DataProductId LEDGER = DataProductId.of("finance.ledger");
  static final TeamId PAYMENTS = TeamId.of("payments-core");
  static final TeamId FINANCE = TeamId.of("finance");
  static final PersonId ALICE = PersonId.of("alice"); // payments member
  static final PersonId BOB = PersonId.of("bob"); // finance member
  static final PersonId STEVE = PersonId.of("steve"); // steward, in no team
  static final Duration EXPIRY = Duration.ofDays(7);

  static final String SCHEMA_V1 =
      """
      {"type":"record","name":"Settlement","fields":[
        {"name":"id","type":"string"},
        {"name":"amount","type":"long"}]}
      """;

  private ProductFixtures() {}

  static InMemoryLookups lookups() {
    return new InMemoryLookups().team("payments-core", "alice").team("finance", "bob", "bea");
  }

  static AggregateTestFixture<DataProduct> fixture(InMemoryLookups lookups) {
    var fixture = new AggregateTestFixture<>(DataProduct.class);
    fixture.registerInjectableResource(lookups);
    fixture.registerInjectableResource(Clock.fixed(fixture.currentTime(), ZoneOffset.UTC));
    fixture.registerInjectableResource(new OwnershipTransferPolicy(EXPIRY));
    return fixture;
  }

  static DataProductRegisteredEvent registered() {
    return registered(SETTLEMENTS, CompatibilityMode.BACKWARD);
  }

  static DataProductRegisteredEvent registered(DataProductId id, CompatibilityMode mode) {
    return new DataProductRegisteredEvent(
        id,
        PAYMENTS,
        STEVE,
        "Settled card payments",
        List.of("payments"),
        Classification.INTERNAL,
        "kafka:payments.settlements.v1",
        mode);
  }

  static SchemaVersionPublishedEvent schemaV1(DataProductId id) {
    return new SchemaVersionPublishedEvent(
        id,
        1,
        SCHEMA_V1,
        List.of(
            new SchemaField("id", "\"string\"", false),
            new SchemaField("amount", "\"long\"", false)),
        CompatibilityMode.BACKWARD,
        List.of());
  }
}
