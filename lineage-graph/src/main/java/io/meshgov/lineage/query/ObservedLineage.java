package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/** What pipelines reported (OpenLineage) about jobs and datasets, as the graph keeps it. */
public final class ObservedLineage {

  private ObservedLineage() {}

  /** A job reading ({@code READS}) or writing ({@code WRITES}) a dataset, first and last seen. */
  public record Flow(
      String jobNamespace,
      String jobName,
      String datasetNamespace,
      String datasetName,
      String direction,
      Instant since,
      Instant lastSeen,
      String lastRun,
      String lastState) {}

  /** A field of a dataset computed from a field of another, as a column-lineage facet said. */
  public record Mapping(
      String field,
      String inputNamespace,
      String inputName,
      String inputField,
      Instant since,
      Instant lastSeen) {}

  /** A field of a schema a pipeline reported. */
  public record Field(String name, String type) {}

  /** What pipelines said of one dataset: its schema (null: none reported) and claimed owners. */
  public record Facts(List<Field> schema, Instant schemaSeen, List<String> claimedOwners) {}

  /** A job and what it was seen reading and writing. */
  public record Job(
      String namespace,
      String name,
      List<String> owners,
      Instant firstSeen,
      Instant lastSeen,
      List<Flow> flows) {}
}
