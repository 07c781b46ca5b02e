package io.meshgov.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernanceCloudEventsTest {

  private final GovernanceCloudEvents wire =
      new GovernanceCloudEvents(URI.create("/meshgov/command-side"));

  private static GovernanceEvent registered() {
    return new GovernanceEvent(
        "e-1",
        "payments.settlements",
        0,
        4_294_967_301L,
        Instant.parse("2026-11-26T10:15:30.123456Z"),
        new DataProductRegisteredEvent(
            DataProductId.of("payments.settlements"),
            TeamId.of("payments-core"),
            PersonId.of("alice"),
            "settled card payments",
            List.of("pci"),
            Classification.CONFIDENTIAL,
            "kafka://payments.settlements.v1",
            CompatibilityMode.BACKWARD),
        "alice",
        "first release",
        "c-1",
        null);
  }

  @Test
  void an_event_travels_as_a_structured_cloud_event_and_comes_back_equal() {
    byte[] json = wire.write(registered());

    CloudEvent cloudEvent = new JsonFormat().deserialize(json);
    assertThat(cloudEvent.getType()).isEqualTo("io.meshgov.DataProductRegisteredEvent.v1");
    assertThat(cloudEvent.getSubject()).isEqualTo("payments.settlements");
    assertThat(cloudEvent.getSource()).isEqualTo(URI.create("/meshgov/command-side"));
    assertThat(cloudEvent.getExtension("actor")).isEqualTo("alice");
    assertThat(cloudEvent.getExtension("sequence")).isEqualTo(0);
    assertThat(cloudEvent.getExtension("correlationid")).isEqualTo("c-1");
    assertThat(cloudEvent.getExtension("causationid")).isNull();
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"specversion\":\"1.0\"", "\"owningTeam\":\"payments-core\"");

    assertThat(wire.read(json)).isEqualTo(registered());
  }

  @Test
  void every_event_of_the_contract_has_a_type_with_its_revision() {
    assertThat(GovernanceCloudEvents.eventTypes())
        .hasSizeGreaterThan(20)
        .allSatisfy(
            (type, event) -> assertThat(type).isEqualTo(GovernanceCloudEvents.typeOf(event)))
        .containsEntry("io.meshgov.TeamRegisteredEvent.v1", TeamRegisteredEvent.class);
  }

  @Test
  void what_is_not_a_governance_event_is_refused_with_the_reason() {
    assertThatThrownBy(() -> wire.read("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageStartingWith("not a CloudEvent in JSON");
    assertThatThrownBy(() -> wire.read(new byte[0]))
        .isInstanceOf(WireFormatException.class)
        .hasMessage("empty message");

    String unknown =
        new String(wire.write(registered()), StandardCharsets.UTF_8)
            .replace("DataProductRegisteredEvent.v1", "DataProductRegisteredEvent.v9");
    assertThatThrownBy(() -> wire.read(unknown.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatException.class)
        .hasMessage("unknown event type io.meshgov.DataProductRegisteredEvent.v9");

    String badData =
        new String(wire.write(registered()), StandardCharsets.UTF_8)
            .replace("\"payments.settlements\",\"owningTeam", "\"Not An Id\",\"owningTeam");
    assertThatThrownBy(() -> wire.read(badData.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("is not valid");
  }

  @Test
  void a_team_event_round_trips() {
    var event =
        new GovernanceEvent(
            "e-2",
            "payments-core",
            3,
            17,
            Instant.parse("2026-11-26T10:15:30Z"),
            new TeamRegisteredEvent(
                TeamId.of("payments-core"), "Payments core", DomainName.of("payments")),
            "system",
            null,
            null,
            "cmd-9");
    assertThat(wire.read(wire.write(event))).isEqualTo(event);
  }

  private GovernanceEvent of(Object payload) {
    return new GovernanceEvent(
        "e-3",
        "x",
        1,
        18,
        Instant.parse("2026-11-27T10:00:00Z"),
        payload,
        "alice",
        null,
        null,
        null);
  }

  @Test
  void an_sla_event_round_trips() {
    var event =
        of(
            new io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent(
                DataProductId.of("payments.settlements"),
                2,
                new io.meshgov.api.ServiceLevelAgreement(
                    "PT15M", 99.95, "24/7", "#p", 365, 30, List.of("no PII")),
                Instant.parse("2027-01-01T00:00:00Z"),
                List.of("freshness PT5M -> PT15M"),
                List.of(io.meshgov.api.SubscriptionId.of("sub_a"))));
    assertThat(wire.read(wire.write(event))).isEqualTo(event);
  }

  @Test
  void events_written_before_the_new_fields_read_them_as_absent() {
    var request =
        of(
            new io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent(
                io.meshgov.api.SubscriptionId.of("sub_a"),
                DataProductId.of("payments.settlements"),
                TeamId.of("finance"),
                null,
                "close",
                List.of(),
                PersonId.of("bob"),
                null));
    String json = new String(wire.write(request), StandardCharsets.UTF_8);
    String older = json.replace(",\"slaVersion\":null", "");
    assertThat(older).doesNotContain("slaVersion");
    assertThat(wire.read(older.getBytes(StandardCharsets.UTF_8))).isEqualTo(request);

    var schema =
        of(
            new io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent(
                DataProductId.of("payments.settlements"),
                1,
                "{}",
                List.of(),
                CompatibilityMode.BACKWARD,
                null));
    String schemaJson = new String(wire.write(schema), StandardCharsets.UTF_8);
    String olderSchema = schemaJson.replace(",\"touchedFields\":null", "");
    assertThat(olderSchema).doesNotContain("touchedFields");
    assertThat(wire.read(olderSchema.getBytes(StandardCharsets.UTF_8))).isEqualTo(schema);
  }
}
