package io.meshgov.command.infrastructure;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.Limits;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.Values;
import io.meshgov.api.product.DataProductCommand;
import io.meshgov.api.subscription.SubscriptionCommand;
import io.meshgov.api.team.TeamCommand;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The one way into the command side: sends a command with who is asking and why, waits for the
 * decision, and answers with the position of the aggregate's last event in the store (for
 * read-your-writes). Every refusal leaves as a {@link GovernanceException} with a stable code.
 */
public class GovernanceCommands implements io.meshgov.api.CommandGateway {

  private static final long UNKNOWN = Long.MIN_VALUE;

  /** What a client may name its correlation: a short token, no free text. */
  private static final java.util.regex.Pattern CORRELATION_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1," + Limits.CORRELATION_ID + "}");

  /** Where the interceptor leaves the position for the command this thread is sending. */
  private static final ThreadLocal<long[]> POSITION = new ThreadLocal<>();

  private final CommandGateway gateway;
  private final JdbcTemplate jdbc;

  GovernanceCommands(CommandGateway gateway, JdbcTemplate jdbc) {
    this.gateway = gateway;
    this.jdbc = jdbc;
  }

  @Override
  public Outcome send(Object command, String actor, String reason) {
    return send(command, actor, reason, null);
  }

  /**
   * Sends the command and waits for the decision.
   *
   * @param actor the person asking (the token's subject); the aggregate refuses commands without
   * @param reason why, recorded on every event the command causes; may be null
   * @param correlationId ties this command to an outer request; null starts a new correlation
   */
  public Outcome send(Object command, String actor, String reason, String correlationId) {
    String aggregateId = targetOf(command);
    Values.text(reason, "reason", Limits.REASON);
    if (correlationId != null) {
      Values.matching(correlationId, CORRELATION_ID, "correlation id");
    }
    Map<String, Object> metaData = new HashMap<>();
    if (actor != null) {
      metaData.put(GovernanceMetaData.ACTOR, actor);
    }
    if (reason != null && !reason.isBlank()) {
      metaData.put(GovernanceMetaData.REASON, reason);
    }
    if (correlationId != null) {
      metaData.put(GovernanceMetaData.CORRELATION_ID, correlationId);
    }
    long[] position = {UNKNOWN};
    POSITION.set(position);
    try {
      gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    } catch (RuntimeException e) {
      throw translate(e, command, aggregateId);
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
      Object command = unitOfWork.getMessage().getPayload();
      if (position != null && isContractCommand(command)) {
        String aggregateId = targetOf(command);
        unitOfWork.root().onPrepareCommit(u -> position[0] = positionOf(aggregateId));
      }
      return result;
    };
  }

  private static boolean isContractCommand(Object command) {
    return command instanceof DataProductCommand
        || command instanceof TeamCommand
        || command instanceof SubscriptionCommand;
  }

  private long positionOf(String aggregateId) {
    Long position =
        jdbc.queryForObject(
            "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
            Long.class,
            aggregateId);
    return position == null ? -1 : position;
  }

  private static String targetOf(Object command) {
    if (command instanceof DataProductCommand c) {
      return c.productId().value();
    }
    if (command instanceof TeamCommand c) {
      return c.teamId().value();
    }
    if (command instanceof SubscriptionCommand c) {
      return c.subscriptionId().value();
    }
    throw new IllegalArgumentException("not a command of the contract: " + command);
  }

  private static RuntimeException translate(
      RuntimeException failure, Object command, String aggregateId) {
    Throwable e = failure;
    while (e instanceof CommandExecutionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof GovernanceException rejection) {
      return rejection;
    }
    if (e instanceof AggregateStreamCreationException) {
      return new GovernanceException(
          alreadyExists(command), aggregateId + " exists already: ids are unique");
    }
    if (e instanceof ConcurrencyException) {
      return new GovernanceException(
          RejectionCode.CONCURRENT_MODIFICATION,
          aggregateId + " was changed by someone else at the same time: read it again and retry");
    }
    if (e instanceof AggregateNotFoundException) {
      return new GovernanceException(notFound(command), aggregateId + " does not exist");
    }
    return failure;
  }

  private static RejectionCode alreadyExists(Object command) {
    if (command instanceof TeamCommand) {
      return RejectionCode.TEAM_ALREADY_REGISTERED;
    }
    if (command instanceof SubscriptionCommand) {
      return RejectionCode.SUBSCRIPTION_ALREADY_REQUESTED;
    }
    return RejectionCode.PRODUCT_ALREADY_REGISTERED;
  }

  private static RejectionCode notFound(Object command) {
    if (command instanceof TeamCommand) {
      return RejectionCode.TEAM_NOT_FOUND;
    }
    if (command instanceof SubscriptionCommand) {
      return RejectionCode.SUBSCRIPTION_NOT_FOUND;
    }
    return RejectionCode.PRODUCT_NOT_FOUND;
  }
}
