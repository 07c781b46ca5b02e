package io.meshgov.lineage.query;

import static io.meshgov.lineage.query.GraphValues.instant;
import static io.meshgov.lineage.query.GraphValues.text;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.TeamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/** Products as they are now: one, a page, a filter, a full-text search, and their schemas. */
public final class Neo4jCatalogQueries implements CatalogQueries {

  private final Driver driver;

  public Neo4jCatalogQueries(Driver driver) {
    this.driver = driver;
  }

  private static final String SUMMARY =
      """
      OPTIONAL MATCH (t:Team)-[o:OWNS]->(p) WHERE o.until IS NULL
      OPTIONAL MATCH (s:Person)-[w:STEWARDS]->(p) WHERE w.until IS NULL
      RETURN p, t.id AS team, s.id AS steward
      """;

  @Override
  public Optional<ProductSummary> product(DataProductId product) {
    return summaries(
            "MATCH (p:DataProduct {id: $product}) WHERE p.lifecycle IS NOT NULL\n" + SUMMARY,
            Map.of("product", product.value()))
        .stream()
        .findFirst();
  }

  @Override
  public List<ProductSummary> search(String text, int limit) {
    String query = luceneQuery(text);
    if (query.isEmpty()) {
      return List.of();
    }
    return summaries(
        """
        CALL db.index.fulltext.queryNodes('data_product_text', $query, {limit: $limit})
        YIELD node AS p, score
        WHERE p.lifecycle IS NOT NULL
        WITH p, score ORDER BY score DESC, p.id
        """
            + SUMMARY,
        Map.of("query", query, "limit", Math.max(1, Math.min(limit, 1000))));
  }

  /**
   * Turns free text into a Lucene query that matches every word (as a prefix), with every character
   * Lucene treats specially escaped: the caller's text is never Lucene syntax.
   */
  static String luceneQuery(String text) {
    if (text == null) {
      return "";
    }
    List<String> terms = new ArrayList<>();
    for (String word : text.trim().split("\\s+")) {
      StringBuilder escaped = new StringBuilder();
      for (char c : word.toCharArray()) {
        if ("\\+-!():^[]\"{}~*?|&/".indexOf(c) >= 0) {
          escaped.append('\\');
        }
        escaped.append(c);
      }
      if (!escaped.isEmpty()) {
        terms.add(escaped + "*");
      }
    }
    return String.join(" AND ", terms);
  }

  @Override
  public List<ProductSummary> products(DataProductId afterId, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("after", afterId == null ? "" : afterId.value());
    params.put("limit", Math.max(0, limit));
    return summaries(
        """
        MATCH (p:DataProduct) WHERE p.id > $after AND p.lifecycle IS NOT NULL
        WITH p ORDER BY p.id LIMIT $limit
        """
            + SUMMARY,
        params);
  }

  @Override
  public List<ProductSummary> productsOwnedBy(TeamId team) {
    return summaries(
        """
        MATCH (:Team {id: $team})-[o:OWNS]->(p:DataProduct) WHERE o.until IS NULL
        WITH p ORDER BY p.id
        """
            + SUMMARY,
        Map.of("team", team.value()));
  }

  @Override
  public List<ProductSummary> productsInDomain(DomainName domain) {
    return summaries(
        "MATCH (p:DataProduct {domain: $domain}) WITH p ORDER BY p.id\n" + SUMMARY,
        Map.of("domain", domain.value()));
  }

  @Override
  public List<ProductSummary> productsTagged(String tag) {
    return summaries(
        "MATCH (p:DataProduct) WHERE $tag IN p.tags WITH p ORDER BY p.id\n" + SUMMARY,
        Map.of("tag", tag));
  }

  private List<ProductSummary> summaries(String cypher, Map<String, Object> params) {
    try (var session = driver.session()) {
      return session.executeRead(tx -> tx.run(cypher, params).list(Neo4jCatalogQueries::summary));
    }
  }

  private static ProductSummary summary(Record r) {
    var p = r.get("p");
    return new ProductSummary(
        p.get("id").asString(),
        text(p.get("domain")),
        text(p.get("description")),
        p.get("tags").isNull() ? List.of() : p.get("tags").asList(Value::asString),
        text(p.get("classification")),
        text(p.get("lifecycle")),
        text(r.get("team")),
        text(r.get("steward")),
        p.get("latestSchemaVersion").isNull() ? null : p.get("latestSchemaVersion").asLong(),
        null,
        text(p.get("outputPort")));
  }

  /**
   * A product as it was at {@code $at} (epoch millis), for rows that bind {@code p} and {@code r}
   * (its revision valid then): owner and steward then, lifecycle then, latest schema version then.
   */
  private static final String SUMMARY_AS_OF =
      """
      OPTIONAL MATCH (t:Team)-[o:OWNS]->(p) WHERE o.since <= $at AND (o.until IS NULL OR o.until > $at)
      OPTIONAL MATCH (s:Person)-[w:STEWARDS]->(p)
      WHERE w.since <= $at AND (w.until IS NULL OR w.until > $at)
      OPTIONAL MATCH (p)-[:HAS_SCHEMA]->(v:SchemaVersion) WHERE v.publishedAt <= $at
      WITH p, r, rank, t.id AS team, s.id AS steward, max(v.version) AS version
      RETURN p, r, team, steward, version,
             CASE WHEN p.retiredAt <= $at THEN 'RETIRED'
                  WHEN p.deprecatedAt <= $at THEN 'DEPRECATED' ELSE 'ACTIVE' END AS lifecycle
      ORDER BY rank, p.id
      """;

  private static final String REVISION_AT = "r.since <= $at AND (r.until IS NULL OR r.until > $at)";

  @Override
  public Optional<ProductSummary> product(DataProductId product, Instant asOf) {
    if (asOf == null) {
      return product(product);
    }
    return summariesAsOf(
            """
            MATCH (p:DataProduct {id: $product})-[:HAS_REVISION]->(r:ProductRevision)
            WHERE p.registeredAt <= $at AND %s
            WITH p, r, 0 AS rank
            """
                .formatted(REVISION_AT),
            Map.of("product", product.value()),
            asOf)
        .stream()
        .findFirst();
  }

  @Override
  public List<ProductSummary> search(String text, int limit, Instant asOf) {
    if (asOf == null) {
      return search(text, limit);
    }
    String query = luceneQuery(text);
    if (query.isEmpty()) {
      return List.of();
    }
    // the index holds every revision; those not valid then are skipped as the results stream by
    return summariesAsOf(
        """
        CALL db.index.fulltext.queryNodes('product_revision_text', $query)
        YIELD node AS r, score
        WHERE %s
        MATCH (p:DataProduct)-[:HAS_REVISION]->(r) WHERE p.registeredAt <= $at
        WITH p, r, score ORDER BY score DESC, p.id LIMIT $limit
        WITH p, r, -score AS rank
        """
            .formatted(REVISION_AT),
        Map.of("query", query, "limit", Math.max(1, Math.min(limit, 1000))),
        asOf);
  }

  private List<ProductSummary> summariesAsOf(
      String match, Map<String, Object> parameters, Instant asOf) {
    Map<String, Object> params = new HashMap<>(parameters);
    params.put("at", asOf.toEpochMilli());
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(match + SUMMARY_AS_OF, params)
                  .list(
                      row -> {
                        var p = row.get("p");
                        var r = row.get("r");
                        return new ProductSummary(
                            p.get("id").asString(),
                            text(p.get("domain")),
                            text(r.get("description")),
                            r.get("tags").isNull()
                                ? List.of()
                                : r.get("tags").asList(Value::asString),
                            text(r.get("classification")),
                            row.get("lifecycle").asString(),
                            text(row.get("team")),
                            text(row.get("steward")),
                            row.get("version").isNull() ? null : row.get("version").asLong(),
                            asOf,
                            text(r.get("outputPort")));
                      }));
    }
  }

  @Override
  public List<SlaSummary> serviceLevelAgreements(DataProductId product) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      MATCH (:DataProduct {id: $product})-[:HAS_SLA]->(a:ServiceLevelAgreement)
                      RETURN a ORDER BY a.version
                      """,
                      Map.of("product", product.value()))
                  .list(r -> sla(r.get("a"))));
    }
  }

  private static SlaSummary sla(Value a) {
    return new SlaSummary(
        a.get("version").asInt(),
        new ServiceLevelAgreement(
            a.get("freshness").asString(),
            a.get("availability").asDouble(),
            a.get("supportHours").asString(),
            a.get("contact").asString(),
            a.get("retentionDays").asInt(),
            a.get("noticeDays").asInt(),
            strings(a.get("extraTerms"))),
        instant(a.get("effectiveFrom")),
        instant(a.get("publishedAt")),
        text(a.get("publishedBy")),
        strings(a.get("weakenedTerms")),
        strings(a.get("noticeTo")));
  }

  private static List<String> strings(Value value) {
    return value.isNull() ? List.of() : value.asList(Value::asString);
  }

  @Override
  public List<SchemaVersionSummary> schemaVersions(DataProductId product) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      MATCH (:DataProduct {id: $product})-[:HAS_SCHEMA]->(v:SchemaVersion)
                      OPTIONAL MATCH (v)-[h:HAS_FIELD]->(f:Field)
                      WITH v, h, f ORDER BY f.name
                      WITH v, collect({name: f.name, type: h.type, optional: h.optional}) AS fields
                      RETURN v, fields ORDER BY v.version
                      """,
                      Map.of("product", product.value()))
                  .list(
                      r -> {
                        var v = r.get("v");
                        return new SchemaVersionSummary(
                            v.get("version").asLong(),
                            v.get("schema").asString(),
                            instant(v.get("publishedAt")),
                            text(v.get("publishedBy")),
                            text(v.get("checkedUnder")),
                            r.get("fields")
                                .asList(
                                    f ->
                                        new SchemaVersionSummary.Field(
                                            f.get("name").asString(),
                                            text(f.get("type")),
                                            f.get("optional").asBoolean(false))));
                      }));
    }
  }
}
