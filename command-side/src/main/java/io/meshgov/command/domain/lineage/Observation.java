package io.meshgov.command.domain.lineage;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.LineageCommand;
import io.meshgov.api.command.LineageCommand.ObserveDatasetCommand;
import io.meshgov.api.command.LineageCommand.ObserveJobCommand;
import io.meshgov.api.command.LineageCommand.ObserveRunCommand;
import io.meshgov.api.lineage.LineageEvent.DatasetObservedEvent;
import io.meshgov.api.lineage.LineageEvent.JobObservedEvent;
import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.command.domain.access.Actor;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * What pipelines reported, as they reported it: a run ({@code olrun:<runId>}) with each of its
 * events once, or one job or dataset event. Anyone signed in may report (the token's person is
 * recorded); what it means for governance is decided where it is read, against what owners
 * declared. A redelivered event (same run, type and time; same job or dataset and time) changes
 * nothing.
 */
public class Observation {

  @AggregateIdentifier private String stream;

  /** The events of a run already recorded, by type and time. */
  private final Set<String> seen = new HashSet<>();

  /** The job a run belongs to and who reported it first: a run stays with both. */
  private String job;

  private String reporter;

  protected Observation() {}

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(ObserveRunCommand command, @Actor PersonId reporter) {
    if (job != null && !job.equals(command.jobNamespace() + "\n" + command.jobName())) {
      throw new GovernanceException(
          RejectionCode.RUN_OF_ANOTHER_JOB,
          "run "
              + command.runId()
              + " belongs to another job: a run keeps the job it started with");
    }
    if (this.reporter != null && !this.reporter.equals(reporter.value())) {
      throw new GovernanceException(
          RejectionCode.RUN_OF_ANOTHER_REPORTER,
          "run " + command.runId() + " is reported by someone else: only they add to it");
    }
    if (seen.contains(key(command.eventType(), command.eventTime()))) {
      return;
    }
    if (seen.size() >= LineageCommand.RUN_EVENTS) {
      throw new GovernanceException(
          RejectionCode.RUN_TOO_LONG,
          "run " + command.runId() + " reported " + LineageCommand.RUN_EVENTS + " events already");
    }
    apply(
        new RunObservedEvent(
            command.runId(),
            command.eventType(),
            command.eventTime(),
            command.jobNamespace(),
            command.jobName(),
            command.inputs(),
            command.outputs(),
            command.jobOwners(),
            command.producer(),
            command.schemaUrl(),
            command.facets()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(ObserveJobCommand command, @Actor PersonId reporter) {
    if (stream != null) {
      return;
    }
    apply(
        new JobObservedEvent(
            command.eventTime(),
            command.jobNamespace(),
            command.jobName(),
            command.inputs(),
            command.outputs(),
            command.jobOwners(),
            command.producer(),
            command.schemaUrl(),
            command.facets()));
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(ObserveDatasetCommand command, @Actor PersonId reporter) {
    if (stream != null) {
      return;
    }
    apply(
        new DatasetObservedEvent(
            command.eventTime(),
            command.dataset(),
            command.producer(),
            command.schemaUrl(),
            command.facets()));
  }

  private static String key(String eventType, Instant eventTime) {
    return eventType + "|" + eventTime;
  }

  @EventSourcingHandler
  void on(
      RunObservedEvent event,
      @org.axonframework.messaging.annotation.MetaDataValue(io.meshgov.api.GovernanceMetaData.ACTOR)
          String actor) {
    stream = event.stream();
    seen.add(key(event.eventType(), event.eventTime()));
    if (job == null) {
      job = event.jobNamespace() + "\n" + event.jobName();
      reporter = actor;
    }
  }

  @EventSourcingHandler
  void on(JobObservedEvent event) {
    stream = event.stream();
  }

  @EventSourcingHandler
  void on(DatasetObservedEvent event) {
    stream = event.stream();
  }
}
