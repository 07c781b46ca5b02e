package io.meshgov.lineage.projection;

import io.meshgov.api.DatasetName;
import io.meshgov.api.lineage.LineageEvent.DatasetObservedEvent;
import io.meshgov.api.lineage.LineageEvent.JobObservedEvent;
import io.meshgov.api.lineage.LineageEvent.RunObservedEvent;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.wire.GovernanceEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How lineage observed by pipelines (OpenLineage) changes the graph: jobs, the datasets they read
 * and write, the schemas and owners seen, the field mappings reported; edges and facts keep when
 * they were first and last seen (the pipeline's event time, then the store position).
 *
 * <p>Unlike {@link EventStatements}, whose rows are events, the rows here are what a batch of
 * observed events says of each job, dataset, flow and mapping, reduced in Java: the earliest and
 * the latest report of each, the newest schema and owners. A thousand runs over the same datasets
 * therefore merge each dataset once, not once per mention, and the one statement needs no
 * comparisons between rows of the same batch. Every fact is kept as the earliest or the newest by
 * (event time, position), so the graph ends the same whatever the order and the batching of the
 * reports, and a report applied twice changes nothing.
 */
final class ObservedStatements {

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private ObservedStatements() {}

  static final Set<Class<?>> TYPES =
      Set.of(RunObservedEvent.class, JobObservedEvent.class, DatasetObservedEvent.class);

  static boolean handles(Class<?> eventType) {
    return TYPES.contains(eventType);
  }

  /** When a pipeline saw something: its event time, then the store position as tie-breaker. */
  private record Stamp(long time, long position) implements Comparable<Stamp> {
    @Override
    public int compareTo(Stamp other) {
      int byTime = Long.compare(time, other.time);
      return byTime != 0 ? byTime : Long.compare(position, other.position);
    }

    static Stamp earlier(Stamp a, Stamp b) {
      return a == null || b.compareTo(a) < 0 ? b : a;
    }

    static boolean newer(Stamp candidate, Stamp current) {
      return current == null || candidate.compareTo(current) > 0;
    }
  }

  /** A job, a flow or a mapping: first and last seen, and what the last report said. */
  private static final class Seen {
    final Map<String, Object> row;
    Stamp first;
    Stamp last;

    Seen(Map<String, Object> row) {
      this.row = row;
    }

    /** Records a report; true when it is the latest so far. */
    boolean report(Stamp stamp) {
      first = Stamp.earlier(first, stamp);
      if (Stamp.newer(stamp, last)) {
        last = stamp;
        return true;
      }
      return false;
    }

    Map<String, Object> done() {
      row.put("firstSeen", first.time());
      row.put("firstPosition", first.position());
      row.put("lastSeen", last.time());
      row.put("lastPosition", last.position());
      return row;
    }
  }

  /** A dataset: first seen, and the newest schema and owners claimed. */
  private static final class DatasetFacts {
    final Map<String, Object> row = new LinkedHashMap<>();
    long firstSeen = Long.MAX_VALUE;
    Stamp schemaAt;
    Stamp claimAt;

    DatasetFacts(DatasetName name) {
      row.put("key", name.key());
      row.put("namespace", name.namespace());
      row.put("name", name.name());
      row.put("searchText", EventStatements.words(name.namespace() + " " + name.name()));
      row.put("schema", null);
      row.put("owners", null);
    }

    void seen(Stamp stamp) {
      firstSeen = Math.min(firstSeen, stamp.time());
    }

    void facts(ObservedDataset dataset, Stamp stamp) {
      seen(stamp);
      if (dataset.schema() != null && Stamp.newer(stamp, schemaAt)) {
        schemaAt = stamp;
        row.put("schema", schemaText(dataset.schema()));
      }
      if (dataset.owners() != null && !dataset.owners().isEmpty() && Stamp.newer(stamp, claimAt)) {
        claimAt = stamp;
        row.put("owners", dataset.owners());
      }
    }

    Map<String, Object> done() {
      row.put("firstSeen", firstSeen);
      row.put("schemaAt", schemaAt == null ? null : schemaAt.time());
      row.put("schemaPosition", schemaAt == null ? null : schemaAt.position());
      row.put("claimAt", claimAt == null ? null : claimAt.time());
      row.put("claimPosition", claimAt == null ? null : claimAt.position());
      return row;
    }
  }

  /** What a batch of observed events says, one row per job, dataset, flow and mapping. */
  private static final class Reduction {
    final Map<String, DatasetFacts> datasets = new LinkedHashMap<>();
    final Map<String, Seen> jobs = new LinkedHashMap<>();
    final Map<String, Stamp> jobOwnersAt = new LinkedHashMap<>();
    final Map<String, Seen> reads = new LinkedHashMap<>();
    final Map<String, Seen> writes = new LinkedHashMap<>();
    final Map<String, Seen> mappings = new LinkedHashMap<>();

    DatasetFacts dataset(DatasetName name) {
      return datasets.computeIfAbsent(name.key(), k -> new DatasetFacts(name));
    }

    void add(GovernanceEvent event) {
      if (event.payload() instanceof RunObservedEvent run) {
        job(
            run.jobNamespace(),
            run.jobName(),
            run.jobOwners(),
            new Stamp(run.eventTime().toEpochMilli(), event.position()),
            run.runId(),
            run.eventType(),
            run.inputs(),
            run.outputs());
      } else if (event.payload() instanceof JobObservedEvent job) {
        job(
            job.jobNamespace(),
            job.jobName(),
            job.jobOwners(),
            new Stamp(job.eventTime().toEpochMilli(), event.position()),
            null,
            null,
            job.inputs(),
            job.outputs());
      } else if (event.payload() instanceof DatasetObservedEvent seen) {
        dataset(seen.dataset().dataset())
            .facts(seen.dataset(), new Stamp(seen.eventTime().toEpochMilli(), event.position()));
      } else {
        throw new IllegalArgumentException(
            "not an observed event: " + event.payload().getClass().getName());
      }
    }

    private void job(
        String namespace,
        String name,
        List<String> owners,
        Stamp stamp,
        String runId,
        String state,
        List<ObservedDataset> inputs,
        List<ObservedDataset> outputs) {
      String key = DatasetName.of(namespace, name).key();
      Seen job =
          jobs.computeIfAbsent(
              key,
              k -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("key", k);
                row.put("namespace", namespace);
                row.put("name", name);
                row.put("searchText", EventStatements.words(namespace + " " + name));
                row.put("owners", null);
                return new Seen(row);
              });
      job.report(stamp);
      if (owners != null && !owners.isEmpty() && Stamp.newer(stamp, jobOwnersAt.get(key))) {
        jobOwnersAt.put(key, stamp);
        job.row.put("owners", owners);
      }
      flows(reads, key, inputs, stamp, runId, state);
      flows(writes, key, outputs, stamp, runId, state);
      for (ObservedDataset output : outputs) {
        for (var column : output.columnLineage()) {
          for (var input : column.inputs()) {
            DatasetName source = DatasetName.of(input.namespace(), input.name());
            dataset(source).seen(stamp);
            String mappingKey =
                mappingKey(source.key(), input.field(), output.dataset().key(), column.field());
            Seen mapping =
                mappings.computeIfAbsent(
                    mappingKey,
                    k -> {
                      Map<String, Object> row = new LinkedHashMap<>();
                      row.put("key", k);
                      row.put("input", source.key());
                      row.put("inputField", input.field());
                      row.put("output", output.dataset().key());
                      row.put("field", column.field());
                      return new Seen(row);
                    });
            Stamp first = mapping.first;
            mapping.report(stamp);
            if (mapping.first != first) {
              mapping.row.put("job", key); // the job that showed the mapping first
            }
          }
        }
      }
    }

    private void flows(
        Map<String, Seen> flows,
        String job,
        List<ObservedDataset> datasets,
        Stamp stamp,
        String runId,
        String state) {
      for (ObservedDataset observed : datasets) {
        dataset(observed.dataset()).facts(observed, stamp);
        String dataset = observed.dataset().key();
        Seen flow =
            flows.computeIfAbsent(
                job + "\n" + dataset,
                k -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("job", job);
                  row.put("dataset", dataset);
                  return new Seen(row);
                });
        if (flow.report(stamp)) {
          flow.row.put("lastRun", runId);
          flow.row.put("lastState", state);
        }
      }
    }

    Map<String, Object> parameters() {
      // flows and mappings name their job and datasets by place in the lists of jobs and datasets:
      // the statement finds the nodes it merged there instead of seeking them in an index again
      Map<String, Integer> datasetAt = places(datasets.keySet());
      Map<String, Integer> jobAt = places(jobs.keySet());
      for (Map<String, Seen> flows : List.of(reads, writes)) {
        for (Seen flow : flows.values()) {
          flow.row.put("job", jobAt.get((String) flow.row.get("job")));
          flow.row.put("dataset", datasetAt.get((String) flow.row.get("dataset")));
        }
      }
      for (Seen mapping : mappings.values()) {
        mapping.row.put("input", datasetAt.get((String) mapping.row.get("input")));
        mapping.row.put("output", datasetAt.get((String) mapping.row.get("output")));
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      parameters.put("datasets", datasets.values().stream().map(DatasetFacts::done).toList());
      parameters.put(
          "jobs",
          jobs.entrySet().stream()
              .map(
                  e -> {
                    Map<String, Object> row = e.getValue().done();
                    Stamp owners = jobOwnersAt.get(e.getKey());
                    row.put("ownersAt", owners == null ? null : owners.time());
                    row.put("ownersPosition", owners == null ? null : owners.position());
                    return row;
                  })
              .toList());
      parameters.put("reads", reads.values().stream().map(Seen::done).toList());
      parameters.put("writes", writes.values().stream().map(Seen::done).toList());
      parameters.put("mappings", mappings.values().stream().map(Seen::done).toList());
      return parameters;
    }
  }

  private static Map<String, Integer> places(java.util.Collection<String> keys) {
    Map<String, Integer> places = new java.util.HashMap<>();
    for (String key : keys) {
      places.put(key, places.size());
    }
    return places;
  }

  /** The parameters of {@link #CYPHER} for a batch of observed events, in any order. */
  static Map<String, Object> parameters(List<GovernanceEvent> events) {
    Reduction reduction = new Reduction();
    for (GovernanceEvent event : events) {
      reduction.add(event);
    }
    return reduction.parameters();
  }

  /**
   * A flow's statement: the job and the dataset are merged before it, in the same statement, and
   * found by their place in what that merge collected; the relationship type cannot be a parameter,
   * hence one statement text per type.
   */
  private static String flow(String list, String type) {
    return """
        CALL (jobs, datasets) {
          UNWIND $%1$s AS row
          WITH jobs[row.job] AS j, datasets[row.dataset] AS d, row
          MERGE (j)-[r:%2$s]->(d)
          WITH r, row, %3$s
          SET %4$s,
              r.lastRun = CASE WHEN later THEN row.lastRun ELSE r.lastRun END,
              r.lastState = CASE WHEN later THEN row.lastState ELSE r.lastState END
        }
        """
        .formatted(
            list,
            type,
            compared("r", "since", "sincePosition"),
            kept("r", "since", "sincePosition"));
  }

  /**
   * Whether a row's earliest report comes before what {@code v} remembers as first seen (property
   * {@code first}, position {@code firstPosition}) and its newest after what it remembers as last
   * seen: the columns {@code earlier} and {@code later}, compared by event time, then position.
   */
  private static String compared(String v, String first, String firstPosition) {
    return ("(%1$s.%2$s IS NULL OR [row.firstSeen, row.firstPosition] < [%1$s.%2$s, %1$s.%3$s])"
            + " AS earlier,\n"
            + " (%1$s.lastSeen IS NULL OR [row.lastSeen, row.lastPosition]"
            + " > [%1$s.lastSeen, %1$s.lastPosition]) AS later")
        .formatted(v, first, firstPosition);
  }

  /** Keeps in {@code v} the earlier first and the later last report (after {@link #compared}). */
  private static String kept(String v, String first, String firstPosition) {
    return ("%1$s.%2$s = CASE WHEN earlier THEN row.firstSeen ELSE %1$s.%2$s END,\n"
            + " %1$s.%3$s = CASE WHEN earlier THEN row.firstPosition ELSE %1$s.%3$s END,\n"
            + " %1$s.lastSeen = CASE WHEN later THEN row.lastSeen ELSE %1$s.lastSeen END,\n"
            + " %1$s.lastPosition = CASE WHEN later THEN row.lastPosition ELSE %1$s.lastPosition END")
        .formatted(v, first, firstPosition);
  }

  /**
   * One statement for a whole batch: datasets, jobs, flows, mappings, each a unit subquery over its
   * own rows (every key once), so a batch costs one round trip whatever it holds.
   */
  static final String CYPHER =
      """
      CYPHER replan=skip
      CALL () {
        UNWIND range(0, size($datasets) - 1) AS i
        WITH i, $datasets[i] AS row
        MERGE (d:Dataset {id: row.key})
        ON CREATE SET d.namespace = row.namespace, d.name = row.name,
                      d.searchText = row.searchText
        WITH i, d, row,
             row.schema IS NOT NULL AND (d.observedSchemaAt IS NULL
               OR [row.schemaAt, row.schemaPosition]
                  > [d.observedSchemaAt, d.observedSchemaPosition]) AS newerSchema,
             row.owners IS NOT NULL AND (d.claimedAt IS NULL
               OR [row.claimAt, row.claimPosition] > [d.claimedAt, d.claimedPosition])
               AS newerClaim
        SET d.firstSeen = CASE WHEN d.firstSeen IS NULL OR d.firstSeen > row.firstSeen
                               THEN row.firstSeen ELSE d.firstSeen END,
            d.observedSchema = CASE WHEN newerSchema THEN row.schema ELSE d.observedSchema END,
            d.observedSchemaAt = CASE WHEN newerSchema THEN row.schemaAt
                                      ELSE d.observedSchemaAt END,
            d.observedSchemaPosition = CASE WHEN newerSchema THEN row.schemaPosition
                                            ELSE d.observedSchemaPosition END,
            d.claimedOwners = CASE WHEN newerClaim THEN row.owners ELSE d.claimedOwners END,
            d.claimedAt = CASE WHEN newerClaim THEN row.claimAt ELSE d.claimedAt END,
            d.claimedPosition = CASE WHEN newerClaim THEN row.claimPosition
                                     ELSE d.claimedPosition END
        // in the order of the list (a sorted collect keeps it), so a place in it names the node
        WITH i, d ORDER BY i
        RETURN collect(d) AS datasets
      }
      CALL () {
        UNWIND range(0, size($jobs) - 1) AS i
        WITH i, $jobs[i] AS row
        MERGE (j:Job {id: row.key})
        ON CREATE SET j.namespace = row.namespace, j.name = row.name,
                      j.searchText = row.searchText
        WITH i, j, row, %1$s,
             row.owners IS NOT NULL AND (j.ownersAt IS NULL
               OR [row.ownersAt, row.ownersPosition] > [j.ownersAt, j.ownersPosition])
               AS newerOwners
        SET %2$s,
            j.owners = CASE WHEN newerOwners THEN row.owners ELSE j.owners END,
            j.ownersAt = CASE WHEN newerOwners THEN row.ownersAt ELSE j.ownersAt END,
            j.ownersPosition = CASE WHEN newerOwners THEN row.ownersPosition
                                    ELSE j.ownersPosition END
        WITH i, j ORDER BY i
        RETURN collect(j) AS jobs
      }
      """
              .formatted(
                  compared("j", "firstSeen", "firstPosition"),
                  kept("j", "firstSeen", "firstPosition"))
          + flow("reads", "READS")
          + flow("writes", "WRITES")
          + """
      CALL (datasets) {
        UNWIND $mappings AS row
        WITH datasets[row.input] AS src, datasets[row.output] AS dst, row
        // a mapping is a node keyed by what it maps: found by its key, never by scanning the
        // mappings between two datasets, however many there are
        MERGE (m:FieldMapping {id: row.key})
        ON CREATE SET m.inputField = row.inputField, m.field = row.field
        FOREACH (created IN CASE WHEN EXISTS { (m)-[:INTO]->() } THEN [] ELSE [1] END |
          CREATE (src)-[:MAPS]->(m)-[:INTO]->(dst))
        WITH m, row, %1$s
        SET %2$s,
            m.job = CASE WHEN earlier THEN row.job ELSE m.job END
      }
      """
              .formatted(
                  compared("m", "since", "sincePosition"), kept("m", "since", "sincePosition"));

  /** The id of an observed field mapping: a digest of its two datasets and fields. */
  private static String mappingKey(String input, String inputField, String output, String field) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(
                      (input + "\n" + inputField + "\n" + output + "\n" + field)
                          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An observed schema as JSON text: {@code [{"name": ..., "type": ...}, ...]}. */
  private static String schemaText(List<ObservedDataset.ObservedField> fields) {
    var array = JSON.createArrayNode();
    for (var field : fields) {
      array.addObject().put("name", field.name()).put("type", field.type());
    }
    return array.toString();
  }
}
