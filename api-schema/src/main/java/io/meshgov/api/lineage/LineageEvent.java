package io.meshgov.api.lineage;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Lineage observed by pipelines (OpenLineage), recorded like every other fact: in the trail, on the
 * topic, in rebuilds. The reporting person (or topic) is the event's actor; {@code eventTime} is
 * when the pipeline says it happened, the event's own time when meshgov heard of it.
 */
public sealed interface LineageEvent {

  /** The stream the event belongs to. */
  String stream();

  /**
   * A run of a job read {@code inputs} and wrote {@code outputs}; {@code eventType} is the run's
   * state (START, RUNNING, COMPLETE, FAIL, ABORT, OTHER; null when not reported). {@code facets} is
   * the text of every facet as reported, read or not.
   */
  @Revision("1")
  record RunObservedEvent(
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
      implements LineageEvent {
    @Override
    public String stream() {
      return LineageStreams.run(runId);
    }
  }

  /** A job's inputs and outputs as declared by its pipeline, without a run. */
  @Revision("1")
  record JobObservedEvent(
      Instant eventTime,
      String jobNamespace,
      String jobName,
      List<ObservedDataset> inputs,
      List<ObservedDataset> outputs,
      List<String> jobOwners,
      String producer,
      String schemaUrl,
      String facets)
      implements LineageEvent {
    @Override
    public String stream() {
      return LineageStreams.job(jobNamespace, jobName, eventTime);
    }
  }

  /** A dataset's schema or owners as a pipeline saw them. */
  @Revision("1")
  record DatasetObservedEvent(
      Instant eventTime, ObservedDataset dataset, String producer, String schemaUrl, String facets)
      implements LineageEvent {
    @Override
    public String stream() {
      return LineageStreams.dataset(dataset.namespace(), dataset.name(), eventTime);
    }
  }
}
