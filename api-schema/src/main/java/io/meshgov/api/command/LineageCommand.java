package io.meshgov.api.command;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.Values;
import io.meshgov.api.lineage.LineageStreams;
import io.meshgov.api.lineage.ObservedDataset;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What pipelines report through OpenLineage: runs, jobs and datasets as observed. Not a mutation:
 * the server sends these for the token's person (or the topic's reporter) when it accepts an event
 * at {@code /api/v1/lineage}. Each run is a stream of its own ({@code olrun:<runId>}); a job or
 * dataset event is one of its own, keyed by what it names and its time, so a redelivered event
 * addresses what it recorded before and changes nothing.
 */
public sealed interface LineageCommand extends GovernanceCommand {

  /** Events of one run taken: a run reports a start, some progress and an end. */
  int RUN_EVENTS = 1_000;

  /** The longest text of facets kept with an event (the rest of the event is kept whole). */
  int FACETS = 256 * 1024;

  /** Datasets a run may read or write. */
  int DATASETS = 1_000;

  Pattern RUN_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** What OpenLineage's run event types may be; others are kept as OTHER. */
  List<String> EVENT_TYPES = List.of("START", "RUNNING", "COMPLETE", "FAIL", "ABORT", "OTHER");

  @Override
  default AggregateKind kind() {
    return AggregateKind.LINEAGE;
  }

  private static String boundedFacets(String facets) {
    if (facets != null && facets.length() > FACETS) {
      throw GovernanceException.invalid("the facets are longer than " + FACETS + " characters");
    }
    return facets;
  }

  /** A run event: a job's run started, progressed, completed, failed or was aborted. */
  record ObserveRunCommand(
      String runId,
      String eventType,
      Instant eventTime,
      String jobNamespace,
      String jobName,
      List<ObservedDataset> inputs,
      List<ObservedDataset> outputs,
      List<String> jobOwners,
      String producer,
      String schemaUrl,
      String facets)
      implements LineageCommand {
    public ObserveRunCommand {
      Values.matching(runId, RUN_ID, "run id");
      eventType = eventType == null ? null : Values.requiredText(eventType, "event type", 50);
      Values.required(eventTime, "event time");
      var job = io.meshgov.api.DatasetName.of(jobNamespace, jobName);
      jobNamespace = job.namespace();
      jobName = job.name();
      inputs = Values.list(inputs, "inputs", DATASETS);
      outputs = Values.list(outputs, "outputs", DATASETS);
      jobOwners = Values.list(jobOwners, "job owners", 100);
      producer = Values.text(producer, "producer", 2_000);
      schemaUrl = Values.text(schemaUrl, "schema URL", 2_000);
      facets = boundedFacets(facets);
    }

    @Override
    public String aggregateId() {
      return LineageStreams.run(runId);
    }

    @TargetAggregateIdentifier
    String stream() {
      return aggregateId();
    }
  }

  /** A job event: what a job reads and writes, without a run. */
  record ObserveJobCommand(
      Instant eventTime,
      String jobNamespace,
      String jobName,
      List<ObservedDataset> inputs,
      List<ObservedDataset> outputs,
      List<String> jobOwners,
      String producer,
      String schemaUrl,
      String facets)
      implements LineageCommand {
    public ObserveJobCommand {
      Values.required(eventTime, "event time");
      var job = io.meshgov.api.DatasetName.of(jobNamespace, jobName);
      jobNamespace = job.namespace();
      jobName = job.name();
      inputs = Values.list(inputs, "inputs", DATASETS);
      outputs = Values.list(outputs, "outputs", DATASETS);
      jobOwners = Values.list(jobOwners, "job owners", 100);
      producer = Values.text(producer, "producer", 2_000);
      schemaUrl = Values.text(schemaUrl, "schema URL", 2_000);
      facets = boundedFacets(facets);
    }

    @Override
    public String aggregateId() {
      return LineageStreams.job(jobNamespace, jobName, eventTime);
    }

    @TargetAggregateIdentifier
    String stream() {
      return aggregateId();
    }
  }

  /** A dataset event: a dataset's schema or owners as a pipeline saw them, without a job. */
  record ObserveDatasetCommand(
      Instant eventTime, ObservedDataset dataset, String producer, String schemaUrl, String facets)
      implements LineageCommand {
    public ObserveDatasetCommand {
      Values.required(eventTime, "event time");
      Values.required(dataset, "dataset");
      producer = Values.text(producer, "producer", 2_000);
      schemaUrl = Values.text(schemaUrl, "schema URL", 2_000);
      facets = boundedFacets(facets);
    }

    @Override
    public String aggregateId() {
      return LineageStreams.dataset(dataset.namespace(), dataset.name(), eventTime);
    }

    @TargetAggregateIdentifier
    String stream() {
      return aggregateId();
    }
  }
}
