package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.GovernanceMetaData;
import java.time.Instant;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class GovernanceCorrelationDataProviderTest {

  private final GovernanceCorrelationDataProvider provider =
      new GovernanceCorrelationDataProvider();

  private Map<String, Object> dataFor(Message<?> message) {
    return Map.copyOf(provider.correlationDataFor(message));
  }

  @Test
  void a_command_hands_on_who_why_and_its_story() {
    var command =
        new GenericCommandMessage<>("register")
            .withMetaData(
                Map.of(
                    GovernanceMetaData.ACTOR, "alice",
                    GovernanceMetaData.REASON, "first contract",
                    GovernanceMetaData.CORRELATION_ID, "corr-1"));

    assertThat(dataFor(command))
        .containsEntry(GovernanceMetaData.ACTOR, "alice")
        .containsEntry(GovernanceMetaData.REASON, "first contract")
        .containsEntry(GovernanceMetaData.CORRELATION_ID, "corr-1")
        .containsEntry(GovernanceMetaData.CAUSATION_ID, command.getIdentifier());
  }

  @Test
  void a_command_without_a_story_starts_one() {
    var command = new GenericCommandMessage<>("register");

    assertThat(dataFor(command))
        .containsEntry(GovernanceMetaData.CORRELATION_ID, command.getIdentifier())
        .doesNotContainKey(GovernanceMetaData.ACTOR);
  }

  @Test
  void a_stored_event_handed_to_a_processor_gives_nothing_and_its_metadata_is_not_read() {
    var event =
        new GenericDomainEventMessage<>(
            "Team", "team-1", 0, "registered", MetaData.with(GovernanceMetaData.ACTOR, "alice")) {
          @Override
          public MetaData getMetaData() {
            throw new AssertionError("the stored metadata was read");
          }
        };

    assertThat(dataFor(event)).isEmpty();
  }

  @Test
  void a_deadline_still_hands_on_who_and_why() {
    var deadline =
        GenericDeadlineMessage.asDeadlineMessage("transfer-expiry", "payload", Instant.EPOCH)
            .withMetaData(MetaData.with(GovernanceMetaData.ACTOR, "alice"));

    assertThat(dataFor(deadline))
        .containsEntry(GovernanceMetaData.ACTOR, "alice")
        .containsEntry(GovernanceMetaData.CAUSATION_ID, deadline.getIdentifier());
  }
}
