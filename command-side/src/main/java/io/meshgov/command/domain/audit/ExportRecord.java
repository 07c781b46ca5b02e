package io.meshgov.command.domain.audit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.audit.AuditEvent.HistoryExportedEvent;
import io.meshgov.api.command.AuditCommand.RecordExportCommand;
import io.meshgov.command.domain.access.Actor;
import java.util.Arrays;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * One export of the history, recorded in the trail before its first line leaves: who took what
 * range. Only an auditor or a platform admin exports.
 */
public class ExportRecord {

  static final String AUDITOR_ROLE = "auditor";

  @AggregateIdentifier private String stream;

  protected ExportRecord() {}

  @CommandHandler
  public ExportRecord(
      RecordExportCommand command,
      @Actor PersonId exporter,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles) {
    boolean allowed =
        roles != null
            && Arrays.stream(roles.split(","))
                .anyMatch(r -> r.equals(AUDITOR_ROLE) || r.equals(GovernanceMetaData.ADMIN_ROLE));
    if (!allowed) {
      throw new GovernanceException(
          RejectionCode.NOT_AN_AUDITOR,
          exporter + " is neither an auditor nor a platform admin and may not export the history");
    }
    apply(
        new HistoryExportedEvent(
            command.exportId(),
            command.from(),
            command.to(),
            command.domain(),
            command.team(),
            command.aggregateIds(),
            command.actor(),
            command.headPosition()));
  }

  @EventSourcingHandler
  void on(HistoryExportedEvent event) {
    stream = "export:" + event.exportId();
  }
}
