package io.meshgov.lineage.projection;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.wire.GovernanceCloudEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventStatementsTest {

  record SomethingNew(String id) {}

  @Test
  void every_event_type_of_the_contract_has_a_statement() {
    assertThatCode(
            () -> EventStatements.requireComplete(GovernanceCloudEvents.eventTypes().values()))
        .doesNotThrowAnyException();
  }

  @Test
  void a_contract_type_without_a_statement_stops_the_projector_from_starting() {
    List<Class<?>> types = new ArrayList<>(GovernanceCloudEvents.eventTypes().values());
    types.add(SomethingNew.class);
    assertThatThrownBy(() -> EventStatements.requireComplete(types))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(SomethingNew.class.getName())
        .hasMessageContaining("IGNORED");
  }
}
