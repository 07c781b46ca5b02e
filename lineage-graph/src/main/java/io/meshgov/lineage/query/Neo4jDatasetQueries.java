package io.meshgov.lineage.query;

import static io.meshgov.lineage.query.GraphValues.instant;
import static io.meshgov.lineage.query.GraphValues.text;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DatasetName;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;

/** Datasets and their bindings, from the graph's PUBLISHES edges (history kept on the edge). */
public final class Neo4jDatasetQueries implements DatasetQueries {

  /** Rows that bind {@code d}: its bindings oldest first, and its owner at {@code $at}. */
  private static final String SUMMARY =
      """
      OPTIONAL MATCH (p:DataProduct)-[b:PUBLISHES]->(d)
      WITH d, p, b ORDER BY b.sincePosition
      WITH d, collect(CASE WHEN b IS NULL THEN null ELSE
                {product: p.id, since: b.since, until: b.until, boundBy: b.boundBy,
                 unboundBy: b.unboundBy} END) AS bindings
      RETURN d, bindings,
             [x IN bindings WHERE x.since <= $at AND (x.until IS NULL OR x.until > $at)
              | x.product][0] AS owner
      ORDER BY d.id
      """;

  private static final String UNOWNED =
      "NOT EXISTS { MATCH (:DataProduct)-[o:PUBLISHES]->(d) WHERE o.until IS NULL }";

  private final Driver driver;

  public Neo4jDatasetQueries(Driver driver) {
    this.driver = driver;
  }

  @Override
  public Optional<DatasetSummary> dataset(DatasetName dataset, Instant asOf) {
    return summaries("MATCH (d:Dataset {id: $id})\n", Map.of("id", dataset.key()), asOf).stream()
        .findFirst();
  }

  @Override
  public List<DatasetSummary> datasets(
      String namespace, boolean unownedOnly, String afterKey, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("namespace", namespace);
    params.put("after", afterKey == null ? "" : afterKey);
    params.put("limit", Math.max(0, Math.min(limit, 1000)));
    return summaries(
        "MATCH (d:Dataset) WHERE d.id > $after"
            + " AND ($namespace IS NULL OR d.namespace = $namespace)"
            + (unownedOnly ? " AND " + UNOWNED : "")
            + "\nWITH d ORDER BY d.id LIMIT $limit\n",
        params,
        null);
  }

  @Override
  public List<DatasetSummary> searchDatasets(String text, boolean unownedOnly, int limit) {
    String query = Neo4jCatalogQueries.luceneQuery(text);
    if (query.isEmpty()) {
      return List.of();
    }
    return summaries(
        "CALL db.index.fulltext.queryNodes('dataset_text', $query) YIELD node AS d, score\n"
            + (unownedOnly ? "WHERE " + UNOWNED + "\n" : "")
            + "WITH d, score ORDER BY score DESC, d.id LIMIT $limit\n",
        Map.of("query", query, "limit", Math.max(1, Math.min(limit, 1000))),
        null);
  }

  @Override
  public List<NamespaceCount> unownedDatasetCounts(int limit) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      MATCH (d:Dataset)
                      WITH d.namespace AS namespace, count(*) AS total,
                           sum(CASE WHEN %s THEN 1 ELSE 0 END) AS unowned
                      RETURN namespace, unowned, total
                      ORDER BY unowned DESC, namespace LIMIT $limit
                      """
                          .formatted(UNOWNED),
                      Map.of("limit", Math.max(0, Math.min(limit, 10_000))))
                  .list(
                      r ->
                          new NamespaceCount(
                              r.get("namespace").asString(),
                              r.get("unowned").asLong(),
                              r.get("total").asLong())));
    }
  }

  @Override
  public List<DatasetSummary> datasetsOf(DataProductId product, Instant asOf) {
    return summaries(
        """
        MATCH (:DataProduct {id: $product})-[x:PUBLISHES]->(d:Dataset)
        WHERE x.since <= $at AND (x.until IS NULL OR x.until > $at)
        WITH DISTINCT d
        """,
        Map.of("product", product.value()),
        asOf);
  }

  private static final String FLOW =
      """
      RETURN j.namespace AS jobNamespace, j.name AS jobName, d.namespace AS datasetNamespace,
             d.name AS datasetName, type(r) AS direction, r.since AS since, r.lastSeen AS lastSeen,
             r.lastRun AS lastRun, r.lastState AS lastState
      ORDER BY r.lastSeen DESC, j.id, d.id LIMIT $limit
      """;

  @Override
  public List<ObservedLineage.Flow> observedFlows(DatasetName dataset, int limit) {
    return read(
        "MATCH (j:Job)-[r:READS|WRITES]->(d:Dataset {id: $id})\n" + FLOW,
        Map.of("id", dataset.key(), "limit", Math.max(0, Math.min(limit, 1000))),
        Neo4jDatasetQueries::flow);
  }

  @Override
  public List<ObservedLineage.Mapping> observedMappings(DatasetName dataset, int limit) {
    return read(
        """
        MATCH (s:Dataset)-[:MAPS]->(m:FieldMapping)-[:INTO]->(:Dataset {id: $id})
        RETURN m.field AS field, s.namespace AS namespace, s.name AS name,
               m.inputField AS inputField, m.since AS since, m.lastSeen AS lastSeen
        ORDER BY field, namespace, name, inputField LIMIT $limit
        """,
        Map.of("id", dataset.key(), "limit", Math.max(0, Math.min(limit, 10_000))),
        r ->
            new ObservedLineage.Mapping(
                r.get("field").asString(),
                r.get("namespace").asString(),
                r.get("name").asString(),
                r.get("inputField").asString(),
                instant(r.get("since")),
                instant(r.get("lastSeen"))));
  }

  @Override
  public Optional<ObservedLineage.Facts> observedFacts(DatasetName dataset) {
    return read(
            "MATCH (d:Dataset {id: $id}) RETURN d",
            Map.of("id", dataset.key()),
            r -> {
              var d = r.get("d");
              List<ObservedLineage.Field> schema = null;
              if (!d.get("observedSchema").isNull()) {
                try {
                  var fields = JSON.readTree(d.get("observedSchema").asString());
                  schema = new java.util.ArrayList<>();
                  for (var field : fields) {
                    schema.add(
                        new ObservedLineage.Field(
                            field.path("name").asText(),
                            field.path("type").isNull() ? null : field.path("type").asText()));
                  }
                } catch (java.io.IOException e) {
                  schema = List.of();
                }
              }
              return new ObservedLineage.Facts(
                  schema,
                  instant(d.get("observedSchemaAt")),
                  d.get("claimedOwners").isNull()
                      ? List.of()
                      : d.get("claimedOwners").asList(org.neo4j.driver.Value::asString));
            })
        .stream()
        .findFirst();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public Optional<ObservedLineage.Job> job(String namespace, String name) {
    String id = DatasetName.of(namespace, name).key();
    return read("MATCH (j:Job {id: $id}) RETURN j", Map.of("id", id), r -> r.get("j")).stream()
        .findFirst()
        .map(
            j ->
                new ObservedLineage.Job(
                    j.get("namespace").asString(),
                    j.get("name").asString(),
                    j.get("owners").isNull()
                        ? List.of()
                        : j.get("owners").asList(org.neo4j.driver.Value::asString),
                    instant(j.get("firstSeen")),
                    instant(j.get("lastSeen")),
                    read(
                        "MATCH (j:Job {id: $id})-[r:READS|WRITES]->(d:Dataset)\n" + FLOW,
                        Map.of("id", id, "limit", 1000),
                        Neo4jDatasetQueries::flow)));
  }

  private static ObservedLineage.Flow flow(Record r) {
    return new ObservedLineage.Flow(
        r.get("jobNamespace").asString(),
        r.get("jobName").asString(),
        r.get("datasetNamespace").asString(),
        r.get("datasetName").asString(),
        r.get("direction").asString(),
        instant(r.get("since")),
        instant(r.get("lastSeen")),
        text(r.get("lastRun")),
        text(r.get("lastState")));
  }

  private <T> List<T> read(
      String cypher, Map<String, Object> params, java.util.function.Function<Record, T> row) {
    try (var session = driver.session()) {
      return session.executeRead(tx -> tx.run(cypher, params).list(row::apply));
    }
  }

  private List<DatasetSummary> summaries(
      String match, Map<String, Object> parameters, Instant asOf) {
    Map<String, Object> params = new HashMap<>(parameters);
    params.put("at", asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli());
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> tx.run(match + SUMMARY, params).list(Neo4jDatasetQueries::summary));
    }
  }

  private static DatasetSummary summary(Record r) {
    var d = r.get("d");
    return new DatasetSummary(
        d.get("namespace").asString(),
        d.get("name").asString(),
        text(r.get("owner")),
        r.get("bindings")
            .asList(
                b ->
                    new DatasetSummary.Binding(
                        b.get("product").asString(),
                        instant(b.get("since")),
                        instant(b.get("until")),
                        text(b.get("boundBy")),
                        text(b.get("unboundBy")))));
  }
}
