package io.meshgov.query.graphql;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.DataFetchingEnvironment;
import io.meshgov.api.CommandGateway;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.AssignStewardCommand;
import io.meshgov.api.product.DataProductCommand.CancelOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.ChangeCompatibilityModeCommand;
import io.meshgov.api.product.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.product.DataProductCommand.DeprecateDataProductCommand;
import io.meshgov.api.product.DataProductCommand.ExpireOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.product.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.product.DataProductCommand.RejectOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.RemoveUpstreamCommand;
import io.meshgov.api.product.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.product.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.product.DataProductCommand.UpdateDataProductCommand;
import io.meshgov.api.subscription.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionCommand.CancelSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionCommand.RejectSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.subscription.SubscriptionCommand.RevokeSubscriptionCommand;
import io.meshgov.api.team.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.team.TeamCommand.RegisterTeamCommand;
import io.meshgov.api.team.TeamCommand.RemoveTeamMemberCommand;
import io.meshgov.lineage.query.LineageQueries;
import java.util.HashMap;
import java.util.Map;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * One mutation per command of the contract. The input's fields are the command's components, so a
 * mutation turns its input into the command record, sends it for the current actor and answers with
 * the addressed aggregate and the position of its last event. Nothing here decides: refusals come
 * from the command side and leave as GraphQL errors with their codes.
 */
class CommandMutations implements RuntimeWiringConfigurer {

  static final Map<String, Class<?>> COMMANDS =
      Map.ofEntries(
          entry("registerTeam", RegisterTeamCommand.class),
          entry("addTeamMember", AddTeamMemberCommand.class),
          entry("removeTeamMember", RemoveTeamMemberCommand.class),
          entry("registerDataProduct", RegisterDataProductCommand.class),
          entry("updateDataProduct", UpdateDataProductCommand.class),
          entry("assignSteward", AssignStewardCommand.class),
          entry("deprecateDataProduct", DeprecateDataProductCommand.class),
          entry("retireDataProduct", RetireDataProductCommand.class),
          entry("requestOwnershipTransfer", RequestOwnershipTransferCommand.class),
          entry("acceptOwnershipTransfer", AcceptOwnershipTransferCommand.class),
          entry("rejectOwnershipTransfer", RejectOwnershipTransferCommand.class),
          entry("cancelOwnershipTransfer", CancelOwnershipTransferCommand.class),
          entry("expireOwnershipTransfer", ExpireOwnershipTransferCommand.class),
          entry("publishSchemaVersion", PublishSchemaVersionCommand.class),
          entry("changeCompatibilityMode", ChangeCompatibilityModeCommand.class),
          entry("declareUpstream", DeclareUpstreamCommand.class),
          entry("removeUpstream", RemoveUpstreamCommand.class),
          entry("requestSubscription", RequestSubscriptionCommand.class),
          entry("approveSubscription", ApproveSubscriptionCommand.class),
          entry("rejectSubscription", RejectSubscriptionCommand.class),
          entry("cancelSubscription", CancelSubscriptionCommand.class),
          entry("revokeSubscription", RevokeSubscriptionCommand.class));

  /** The answer to every mutation. */
  record CommandPayload(String id, long position, String createdId, Object command) {}

  private final CommandGateway gateway;
  private final CurrentActor actor;
  private final ObjectMapper json;
  private final LineageQueries queries;
  private final ProjectionWait wait;

  CommandMutations(
      CommandGateway gateway,
      CurrentActor actor,
      ObjectMapper json,
      LineageQueries queries,
      ProjectionWait wait) {
    this.gateway = gateway;
    this.actor = actor;
    this.json = json;
    this.queries = queries;
    this.wait = wait;
  }

  @Override
  public void configure(graphql.schema.idl.RuntimeWiring.Builder wiring) {
    wiring.type(
        "Mutation",
        type -> {
          COMMANDS.forEach((name, command) -> type.dataFetcher(name, env -> send(command, env)));
          return type;
        });
  }

  private CommandPayload send(Class<?> type, DataFetchingEnvironment env) {
    Map<String, Object> input = new HashMap<>(env.getArgument("input"));
    String reason = (String) input.get("reason");
    if (type != RequestOwnershipTransferCommand.class) {
      input.remove("reason");
    }
    String created = null;
    if (type == RequestOwnershipTransferCommand.class && input.get("transferId") == null) {
      created = TransferId.random().value();
      input.put("transferId", created);
    } else if (type == RequestSubscriptionCommand.class && input.get("subscriptionId") == null) {
      created = SubscriptionId.random().value();
      input.put("subscriptionId", created);
    } else if (type == RequestOwnershipTransferCommand.class) {
      created = (String) input.get("transferId");
    } else if (type == RequestSubscriptionCommand.class) {
      created = (String) input.get("subscriptionId");
    }
    Object command = toCommand(input, type);
    CommandGateway.Outcome outcome = gateway.send(command, actor.name().orElse(null), reason);
    return new CommandPayload(outcome.aggregateId(), outcome.position(), created, command);
  }

  private Object toCommand(Map<String, Object> input, Class<?> type) {
    try {
      return json.convertValue(input, type);
    } catch (IllegalArgumentException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof GovernanceException rejection) {
          throw rejection;
        }
      }
      throw QueryError.invalid("the input does not make a valid command: " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.toString() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
