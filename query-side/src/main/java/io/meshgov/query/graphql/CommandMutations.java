package io.meshgov.query.graphql;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.schema.DataFetchingEnvironment;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.AssignStewardCommand;
import io.meshgov.api.command.DataProductCommand.CancelOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.ChangeCompatibilityModeCommand;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.DeprecateDataProductCommand;
import io.meshgov.api.command.DataProductCommand.ExpireOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.PublishSchemaVersionCommand;
import io.meshgov.api.command.DataProductCommand.PublishServiceLevelAgreementCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.DataProductCommand.RejectOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RemoveUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RetireDataProductCommand;
import io.meshgov.api.command.DataProductCommand.UpdateDataProductCommand;
import io.meshgov.api.command.DomainCommand.RegisterDomainCommand;
import io.meshgov.api.command.GovernanceCommand;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.api.command.GovernanceGateway.Origin;
import io.meshgov.api.command.GovernanceGateway.Outcome;
import io.meshgov.api.command.SubscriptionCommand.ApproveSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.CancelSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RejectSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RequestSubscriptionCommand;
import io.meshgov.api.command.SubscriptionCommand.RevokeSubscriptionCommand;
import io.meshgov.api.command.TeamCommand.AddTeamMemberCommand;
import io.meshgov.api.command.TeamCommand.ChangeTeamMemberRoleCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.api.command.TeamCommand.RemoveTeamMemberCommand;
import io.meshgov.query.error.QueryError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * One mutation per command of the contract. The input's fields are the command's components, so a
 * mutation turns its input into the command record, sends it for the current actor and answers with
 * the addressed aggregate and the position of its last event. Every mutation of one request shares
 * one correlation id; each command gets its own id, the causation of its events. Nothing here
 * decides: refusals come from the command side and leave as GraphQL errors with their codes.
 */
class CommandMutations implements RuntimeWiringConfigurer {

  static final Map<String, Class<? extends GovernanceCommand>> COMMANDS =
      Map.ofEntries(
          entry("registerDomain", RegisterDomainCommand.class),
          entry("registerTeam", RegisterTeamCommand.class),
          entry("addTeamMember", AddTeamMemberCommand.class),
          entry("removeTeamMember", RemoveTeamMemberCommand.class),
          entry("changeTeamMemberRole", ChangeTeamMemberRoleCommand.class),
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
          entry("publishServiceLevelAgreement", PublishServiceLevelAgreementCommand.class),
          entry("changeCompatibilityMode", ChangeCompatibilityModeCommand.class),
          entry("declareUpstream", DeclareUpstreamCommand.class),
          entry("removeUpstream", RemoveUpstreamCommand.class),
          entry("bindDataset", io.meshgov.api.command.DataProductCommand.BindDatasetCommand.class),
          entry(
              "unbindDataset",
              io.meshgov.api.command.DataProductCommand.UnbindDatasetCommand.class),
          entry("requestSubscription", RequestSubscriptionCommand.class),
          entry("approveSubscription", ApproveSubscriptionCommand.class),
          entry("rejectSubscription", RejectSubscriptionCommand.class),
          entry("cancelSubscription", CancelSubscriptionCommand.class),
          entry("revokeSubscription", RevokeSubscriptionCommand.class));

  /** The answer to every mutation. */
  record CommandPayload(String id, long position, String createdId, GovernanceCommand command) {}

  /**
   * Where a request keeps its correlation id: the client's ({@link RequestCorrelation}) or one made
   * for the request, shared by every mutation of it.
   */
  static final String CORRELATION = CommandMutations.class.getName() + ".correlation";

  private final GovernanceGateway gateway;
  private final CurrentActor actor;
  private final ObjectMapper json;

  CommandMutations(GovernanceGateway gateway, CurrentActor actor, ObjectMapper json) {
    this.gateway = gateway;
    this.actor = actor;
    this.json = json;
  }

  @Override
  public void configure(graphql.schema.idl.RuntimeWiring.Builder wiring) {
    wiring.type(
        "Mutation",
        type -> {
          COMMANDS.forEach((name, command) -> type.dataFetcher(name, env -> send(command, env)));
          type.dataFetcher("applyChanges", this::applyChanges);
          return type;
        });
  }

  private CommandPayload send(
      Class<? extends GovernanceCommand> type, DataFetchingEnvironment env) {
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
    GovernanceCommand command = toCommand(input, type);
    String correlation =
        env.getGraphQlContext().computeIfAbsent(CORRELATION, key -> UUID.randomUUID().toString());
    Outcome outcome =
        gateway.send(
            command,
            new Origin(actor.name().orElse(null), reason, correlation, UUID.randomUUID().toString())
                .withRoles(actor.roles()));
    return new CommandPayload(outcome.aggregateId(), outcome.position(), created, command);
  }

  /** The bulk form's answer. */
  record ApplyChangesPayload(int count, long position, List<ChangeOutcome> changes) {}

  record ChangeOutcome(String id, long position, String createdId) {}

  /** What {@code applyChanges} may hold: the changes an import makes (no four-eyes transfers). */
  static final java.util.Set<String> BULK =
      java.util.Set.of(
          "registerTeam",
          "addTeamMember",
          "changeTeamMemberRole",
          "registerDataProduct",
          "updateDataProduct",
          "assignSteward",
          "deprecateDataProduct",
          "publishSchemaVersion",
          "publishServiceLevelAgreement",
          "changeCompatibilityMode",
          "declareUpstream",
          "removeUpstream",
          "bindDataset",
          "unbindDataset",
          "requestSubscription",
          "approveSubscription");

  private ApplyChangesPayload applyChanges(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> changes = (List<Map<String, Object>>) input.get("changes");
    if (changes.isEmpty() || changes.size() > GovernanceGateway.MAX_BULK) {
      throw QueryError.invalid("changes holds 1 to " + GovernanceGateway.MAX_BULK + " changes");
    }
    List<GovernanceCommand> commands = new ArrayList<>(changes.size());
    List<String> created = new ArrayList<>(changes.size());
    for (int i = 0; i < changes.size(); i++) {
      Map<String, Object> change = changes.get(i);
      List<String> named =
          change.entrySet().stream()
              .filter(e -> e.getValue() != null)
              .map(Map.Entry::getKey)
              .toList();
      if (named.size() != 1 || !BULK.contains(named.get(0))) {
        throw QueryError.invalid("change " + i + " names exactly one change, not " + named);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = new HashMap<>((Map<String, Object>) change.get(named.get(0)));
      if (fields.remove("reason") != null) {
        throw QueryError.invalid(
            "change " + i + ": the reason goes on applyChanges' input, for all");
      }
      Class<? extends GovernanceCommand> type = COMMANDS.get(named.get(0));
      String id = null;
      if (type == RequestSubscriptionCommand.class) {
        if (fields.get("subscriptionId") == null) {
          fields.put("subscriptionId", SubscriptionId.random().value());
        }
        id = (String) fields.get("subscriptionId");
      }
      created.add(id);
      commands.add(toCommand(fields, type));
    }
    String correlation =
        env.getGraphQlContext().computeIfAbsent(CORRELATION, key -> UUID.randomUUID().toString());
    List<Outcome> outcomes =
        gateway.sendAll(
            commands,
            new Origin(actor.name().orElse(null), (String) input.get("reason"), correlation, null)
                .withRoles(actor.roles()));
    List<ChangeOutcome> answers = new ArrayList<>(outcomes.size());
    long highest = -1;
    for (int i = 0; i < outcomes.size(); i++) {
      answers.add(
          new ChangeOutcome(
              outcomes.get(i).aggregateId(), outcomes.get(i).position(), created.get(i)));
      highest = Math.max(highest, outcomes.get(i).position());
    }
    return new ApplyChangesPayload(answers.size(), highest, answers);
  }

  private GovernanceCommand toCommand(
      Map<String, Object> input, Class<? extends GovernanceCommand> type) {
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
