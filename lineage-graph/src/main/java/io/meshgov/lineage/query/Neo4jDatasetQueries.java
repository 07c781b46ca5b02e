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
