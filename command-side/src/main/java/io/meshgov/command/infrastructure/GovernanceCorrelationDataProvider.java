package io.meshgov.command.infrastructure;

import io.meshgov.api.GovernanceMetaData;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies who and why from a command to every event it causes, and links them: the correlation id is
 * shared by everything one request caused (the first message's id unless the caller gave one), the
 * causation id is the id of the message that directly caused this one.
 *
 * <p>An event read from the store and handed to a processor (the publisher, the lookups, the graph
 * feed) gives nothing: those handlers send no command and create no event, yet Axon asks for the
 * correlation data of every event they handle (to make the handler's result message), and reading
 * the event's metadata for it was a quarter of the publisher's CPU, which otherwise hands the
 * stored metadata over unread. A deadline is not a stored event and still hands on who and why.
 */
class GovernanceCorrelationDataProvider implements CorrelationDataProvider {

  @Override
  public Map<String, ?> correlationDataFor(Message<?> message) {
    if (message instanceof DomainEventMessage<?>) {
      return Map.of();
    }
    Map<String, Object> data = new HashMap<>();
    Object actor = message.getMetaData().get(GovernanceMetaData.ACTOR);
    if (actor != null) {
      data.put(GovernanceMetaData.ACTOR, actor);
    }
    Object reason = message.getMetaData().get(GovernanceMetaData.REASON);
    if (reason != null) {
      data.put(GovernanceMetaData.REASON, reason);
    }
    Object correlationId = message.getMetaData().get(GovernanceMetaData.CORRELATION_ID);
    data.put(
        GovernanceMetaData.CORRELATION_ID,
        correlationId != null ? correlationId : message.getIdentifier());
    data.put(GovernanceMetaData.CAUSATION_ID, message.getIdentifier());
    return data;
  }
}
