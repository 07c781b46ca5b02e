package io.meshgov.command.infrastructure;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.Limits;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.Values;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way into the command side: sends a command with who is asking and why, waits for the
 * decision, and answers with the position of the aggregate's last event in the store (for
 * read-your-writes). Every refusal leaves as a {@link GovernanceException} with a stable code.
 */
public class GovernanceCommands implements GovernanceGateway {

  private static final long UNKNOWN = Long.MIN_VALUE;

  private static final java.util.regex.Pattern TOKEN = GovernanceMetaData.ID_TOKEN;

  /** What a platform role may be called. */
  private static final java.util.regex.Pattern ROLE =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  /** Where the interceptor leaves the position for the command this thread is sending. */
  private static final ThreadLocal<long[]> POSITION = new ThreadLocal<>();

  private final CommandGateway gateway;
  private final JdbcTemplate jdbc;

  GovernanceCommands(CommandGateway gateway, JdbcTemplate jdbc) {
    this.gateway = gateway;
    this.jdbc = jdbc;
  }

  /**
   * Sends the command and waits for the decision.
   *
   * @param origin who asks (the aggregate refuses commands without an actor), why, and the user
   *     action it belongs to: its correlation id and command id are checked to be short tokens
   */
  @Override
  public Outcome send(GovernanceCommand command, Origin origin) {
    String aggregateId = command.aggregateId();
    Values.text(origin.reason(), "reason", Limits.REASON);
    Map<String, Object> metaData = new HashMap<>();
    if (origin.actor() != null) {
      metaData.put(GovernanceMetaData.ACTOR, origin.actor());
    }
    if (origin.reason() != null && !origin.reason().isBlank()) {
      metaData.put(GovernanceMetaData.REASON, origin.reason());
    }
    // a token may carry many roles the command side never reads: the well-formed ones go along,
    // at most twenty, the rest are left out rather than refusing the person's command
    List<String> roles =
        origin.roles().stream()
            .filter(role -> role != null && ROLE.matcher(role).matches())
            .sorted()
            .limit(20)
            .toList();
    if (!roles.isEmpty()) {
      metaData.put(GovernanceMetaData.ROLES, String.join(",", roles));
    }
    if (origin.correlationId() != null) {
      Values.matching(origin.correlationId(), TOKEN, "correlation id");
      metaData.put(GovernanceMetaData.CORRELATION_ID, origin.correlationId());
    }
    String commandId = origin.commandId();
    if (commandId != null) {
      Values.matching(commandId, TOKEN, "command id");
    } else {
      commandId = IdentifierFactory.getInstance().generateIdentifier();
    }
    CommandMessage<GovernanceCommand> message =
        new GenericCommandMessage<>(
            new GenericMessage<>(commandId, command, MetaData.from(metaData)),
            command.getClass().getName());
    long[] position = {UNKNOWN};
    POSITION.set(position);
    try {
      gateway.sendAndWait(message);
    } catch (RuntimeException e) {
      throw translate(e, command);
    } finally {
      POSITION.remove();
    }
    return new Outcome(aggregateId, position[0] != UNKNOWN ? position[0] : positionOf(aggregateId));
  }

  /**
   * Reads the aggregate's position inside the command's own transaction, after its events were
   * appended (this handler is registered after the event store's, so it runs after it), instead of
   * asking the store again on another connection once the command is done. Applies when the command
   * is handled on the sending thread, as Axon's simple command bus does; otherwise {@link #send}
   * falls back to reading the position afterwards.
   */
  MessageHandlerInterceptor<CommandMessage<?>> positionInTransaction() {
    return (unitOfWork, chain) -> {
      Object result = chain.proceed();
      long[] position = POSITION.get();
      Object payload = unitOfWork.getMessage().getPayload();
      if (position != null && payload instanceof GovernanceCommand command) {
        String aggregateId = command.aggregateId();
        unitOfWork.root().onPrepareCommit(u -> position[0] = positionOf(aggregateId));
      }
      return result;
    };
  }

  private long positionOf(String aggregateId) {
    Long position =
        jdbc.queryForObject(
            "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
            Long.class,
            aggregateId);
    return position == null ? -1 : position;
  }

  private static RuntimeException translate(RuntimeException failure, GovernanceCommand command) {
    String aggregateId = command.aggregateId();
    Throwable e = failure;
    while (e instanceof CommandExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof GovernanceException rejection) {
      return rejection;
    }
    if (e instanceof AggregateStreamCreationException) {
      return new GovernanceException(
          command.kind().alreadyExists(), aggregateId + " exists already: ids are unique");
    }
    if (e instanceof ConcurrencyException) {
      return new GovernanceException(
          RejectionCode.CONCURRENT_MODIFICATION,
          aggregateId + " was changed by someone else at the same time: read it again and retry");
    }
    if (e instanceof AggregateNotFoundException) {
      return new GovernanceException(command.kind().notFound(), aggregateId + " does not exist");
    }
    return failure;
  }
}
