package io.meshgov.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TypedIdsTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void a_product_id_names_its_domain() {
    assertThat(DataProductId.of("payments.settlements").domain())
        .isEqualTo(DomainName.of("payments"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "payments",
        "Payments.settlements",
        "payments.",
        ".settlements",
        "payments.settlements.v1",
        "payments.settle ments",
        "a'); MATCH (n) DETACH DELETE n; //.x"
      })
  void malformed_product_ids_are_rejected_as_invalid_input(String value) {
    assertThatThrownBy(() -> DataProductId.of(value))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.INVALID_INPUT));
  }

  @Test
  void ids_of_different_kinds_cannot_collide_in_the_event_store() {
    // products have a dot, teams have none, subscriptions and transfers carry a prefix with '_'
    assertThatThrownBy(() -> TeamId.of("payments.settlements"))
        .isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> TeamId.of("sub_1")).isInstanceOf(GovernanceException.class);
    assertThatThrownBy(() -> DataProductId.of("sub_1")).isInstanceOf(GovernanceException.class);
    assertThat(SubscriptionId.random().value()).startsWith("sub_");
    assertThat(TransferId.random().value()).startsWith("trf_");
  }

  @Test
  void ids_travel_as_plain_json_strings() throws Exception {
    assertThat(json.writeValueAsString(TeamId.of("payments-core"))).isEqualTo("\"payments-core\"");
    assertThat(json.readValue("\"alice@example.com\"", PersonId.class))
        .isEqualTo(PersonId.of("alice@example.com"));
  }

  @Test
  void commands_survive_a_json_round_trip() throws Exception {
    var command =
        new RegisterDataProductCommand(
            DataProductId.of("payments.settlements"),
            TeamId.of("payments-core"),
            PersonId.of("steve"),
            "Settled payments",
            List.of("Finance", "payments", "finance"),
            null,
            null,
            null);
    assertThat(command.tags()).containsExactly("finance", "payments");
    assertThat(command.compatibilityMode()).isEqualTo(CompatibilityMode.BACKWARD);
    assertThat(json.readValue(json.writeValueAsString(command), RegisterDataProductCommand.class))
        .isEqualTo(command);
  }

  @Test
  void every_event_of_the_contract_carries_a_revision() {
    List<Class<?>> holders =
        List.of(
            io.meshgov.api.team.TeamEvent.class,
            io.meshgov.api.product.DataProductEvent.class,
            io.meshgov.api.subscription.SubscriptionEvent.class);
    for (Class<?> holder : holders) {
      assertThat(holder.getPermittedSubclasses()).isNotEmpty();
      assertThat(Arrays.stream(holder.getPermittedSubclasses()))
          .allSatisfy(
              event ->
                  assertThat(event.getAnnotation(org.axonframework.serialization.Revision.class))
                      .as(event.getSimpleName())
                      .isNotNull());
    }
  }
}
