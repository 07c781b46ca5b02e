package io.meshgov.api.command;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.Limits;
import io.meshgov.api.Values;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the audit log. Not a mutation: the server sends them itself when an auditor or admin
 * exports, under that person's name.
 */
public sealed interface AuditCommand extends GovernanceCommand {

  Pattern EXPORT_ID = Pattern.compile("exp_[A-Za-z0-9-]{1,64}");

  String exportId();

  @Override
  default String aggregateId() {
    return "export:" + exportId();
  }

  @Override
  default AggregateKind kind() {
    return AggregateKind.EXPORT;
  }

  /** Records an export before its first line leaves the server. */
  record RecordExportCommand(
      String exportId,
      Instant from,
      Instant to,
      String domain,
      String team,
      List<String> aggregateIds,
      String actor,
      long headPosition)
      implements AuditCommand {
    public RecordExportCommand {
      Values.matching(exportId, EXPORT_ID, "export id");
      Values.required(from, "from");
      Values.required(to, "to");
      if (!from.isBefore(to)) {
        throw GovernanceException.invalid("the window must end after it starts");
      }
      domain = Values.text(domain, "domain", Limits.NAME);
      team = Values.text(team, "team", Limits.NAME);
      aggregateIds = Values.list(aggregateIds, "aggregate ids", 1000);
      actor = Values.text(actor, "actor", Limits.NAME);
    }

    @TargetAggregateIdentifier
    String stream() {
      return "export:" + exportId;
    }
  }
}
