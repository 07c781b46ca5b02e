package io.meshgov.command.infrastructure;

import io.meshgov.api.GovernanceMetaData;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies who and why from a command to every event it causes, and links them: the correlation id is
 * shared by everything one request caused (the first message's id unless the caller gave one), the
 * causation id is the id of the message that directly caused this one.
 */
class GovernanceCorrelationDataProvider implements CorrelationDataProvider {

  @Override
  public Map<String, ?> correlationDataFor(Message<?> message) {
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
