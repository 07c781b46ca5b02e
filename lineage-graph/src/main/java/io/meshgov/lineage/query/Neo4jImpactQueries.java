package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.ImpactResult.AffectedField;
import io.meshgov.lineage.query.ImpactResult.AffectedProduct;
import io.meshgov.lineage.query.ImpactResult.AffectedSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/** What a change of fields reaches, by a downstream walk over field lineage plus a few reads. */
public final class Neo4jImpactQueries implements ImpactQueries {

  private final Neo4jLineageWalks walks;

  /** Reads through the walks' driver, so the walk and the reads around it share a transaction. */
  public Neo4jImpactQueries(Neo4jLineageWalks walks) {
    this.walks = walks;
  }

  @Override
  public ImpactResult impact(
      DataProductId productId,
      Collection<String> fields,
      java.time.Instant asOf,
      java.util.Set<Source> sources) {
    String product = productId.value();
    long at = asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli();
    List<String> changed = new TreeSet<>(fields).stream().toList();
    return walks.read(
        tx -> {
          // the fields of the schema version in force at the time (decision 78)
          Set<String> current =
              new TreeSet<>(
                  tx.run(
                          """
                            MATCH (:DataProduct {id: $product})-[:HAS_SCHEMA]->(v:SchemaVersion)
                            WHERE v.publishedAt <= $at
                            WITH v ORDER BY v.position DESC LIMIT 1
                            MATCH (v)-[:HAS_FIELD]->(f:Field)
                            RETURN f.name AS name
                            """,
                          Values.parameters("product", product, "at", at))
                      .list(r -> r.get("name").asString()));
          List<String> unknown = changed.stream().filter(f -> !current.contains(f)).toList();
          List<String> roots =
              changed.stream().filter(current::contains).map(f -> product + "#" + f).toList();

          Neo4jLineageWalks.Walk walk =
              walks.walkOneSide(
                  tx, "Field", roots, Direction.DOWNSTREAM, walks.maxDepth(), asOf, sources);
          List<AffectedField> affectedFields = new ArrayList<>();
          Map<String, AffectedProduct> affectedProducts = new LinkedHashMap<>();
          walk.depths()
              .forEach(
                  (id, depth) -> {
                    List<String> path = path(id, walk.parents());
                    String owner = id.substring(0, id.indexOf('#'));
                    affectedFields.add(
                        new AffectedField(
                            id, owner, id.substring(id.indexOf('#') + 1), depth, path));
                    List<String> productPath =
                        path.stream().map(f -> f.substring(0, f.indexOf('#'))).distinct().toList();
                    affectedProducts.merge(
                        owner,
                        new AffectedProduct(owner, productPath.size() - 1, productPath),
                        (a, b) -> a.depth() <= b.depth() ? a : b);
                  });
          affectedProducts.remove(product);

          Set<String> affectedFieldIds = new TreeSet<>(roots);
          affectedFieldIds.addAll(walk.depths().keySet());
          List<String> productsToCheck = new ArrayList<>();
          productsToCheck.add(product);
          productsToCheck.addAll(affectedProducts.keySet());
          List<AffectedSubscription> subscriptions =
              tx.run(
                      """
                        UNWIND $products AS pid
                        MATCH (s:Subscription)-[:TO]->(p:DataProduct {id: pid}), (s)-[:BY]->(t:Team)
                        WHERE s.approvedAt <= $at AND (s.endedAt IS NULL OR s.endedAt > $at)
                        OPTIONAL MATCH (s)-[:USES]->(f:Field)
                        WITH s, p, t, collect(f.id) AS used
                        WITH s, p, t, used, [u IN used WHERE u IN $fields] AS hit
                        WHERE size(used) = 0 OR size(hit) > 0
                        RETURN s.id AS id, p.id AS product, t.id AS team, hit
                        ORDER BY id
                        """,
                      Values.parameters(
                          "products",
                          productsToCheck,
                          "fields",
                          List.copyOf(affectedFieldIds),
                          "at",
                          at))
                  .list(
                      r ->
                          new AffectedSubscription(
                              r.get("id").asString(),
                              r.get("product").asString(),
                              r.get("team").asString(),
                              r.get("hit").asList(Value::asString)));

          List<String> possibly =
              tx.run(
                      """
                        MATCH (:DataProduct {id: $product})-[r:FEEDS]->(d:DataProduct)
                        WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at) AND NOT EXISTS {
                          MATCH (:Field)-[x:FEEDS]->(:Field {productId: d.id})
                          WHERE x.via = $product + '>' + d.id
                            AND x.since <= $at AND (x.until IS NULL OR x.until > $at) }
                        RETURN DISTINCT d.id AS id ORDER BY id
                        """,
                      Values.parameters("product", product, "at", at))
                  .list(r -> r.get("id").asString());

          List<String> notifyProducts = new ArrayList<>(affectedProducts.keySet());
          notifyProducts.addAll(possibly);
          Record people =
              tx.run(
                      """
                        UNWIND $products AS pid
                        MATCH (p:DataProduct {id: pid})
                        OPTIONAL MATCH (t:Team)-[o:OWNS]->(p)
                        WHERE o.since <= $at AND (o.until IS NULL OR o.until > $at)
                        OPTIONAL MATCH (s:Person)-[w:STEWARDS]->(p)
                        WHERE w.since <= $at AND (w.until IS NULL OR w.until > $at)
                        RETURN collect(DISTINCT t.id) AS teams, collect(DISTINCT s.id) AS stewards
                        """,
                      Values.parameters("products", notifyProducts, "at", at))
                  .single();
          Set<String> teams = new TreeSet<>(people.get("teams").asList(Value::asString));
          subscriptions.forEach(s -> teams.add(s.consumerTeam()));
          return new ImpactResult(
              product,
              changed,
              unknown,
              affectedFields,
              List.copyOf(affectedProducts.values()),
              subscriptions,
              possibly,
              List.copyOf(teams),
              new TreeSet<>(people.get("stewards").asList(Value::asString)).stream().toList());
        },
        false);
  }

  private static List<String> path(String id, Map<String, String> parents) {
    List<String> path = new ArrayList<>();
    for (String at = id; at != null; at = parents.get(at)) {
      path.add(0, at);
    }
    return path;
  }
}
