package io.meshgov.lineage.query;

import io.meshgov.lineage.query.ImpactResult.AffectedField;
import io.meshgov.lineage.query.ImpactResult.AffectedProduct;
import io.meshgov.lineage.query.ImpactResult.AffectedSubscription;
import io.meshgov.lineage.query.LineageResult.Edge;
import io.meshgov.lineage.query.LineageResult.Node;
import io.meshgov.lineage.query.OwnershipHistory.OwnerPeriod;
import io.meshgov.lineage.query.OwnershipHistory.StewardPeriod;
import io.meshgov.lineage.query.OwnershipHistory.Transfer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

/**
 * The lineage queries in Cypher over the Bolt driver. User input reaches Cypher only as parameters;
 * the only values written into query text are the label, the arrow and the history filter chosen
 * from constants here, and the walk's depth bound, an integer this class computes and caps (Cypher
 * accepts no parameter there).
 *
 * <p>Walk semantics: one query finds the set of nodes reachable within the bound ({@code MATCH
 * (s)-[rs:FEEDS*1..k]->(n) ... RETURN DISTINCT n}, which Neo4j plans as a pruning breadth-first
 * expansion that visits each node once instead of enumerating paths); a second reads the edges
 * among that set; depths and paths are then computed here by breadth-first search over those edges.
 */
public final class Neo4jLineageQueries implements LineageQueries {

  private static final String CURRENT = "r.until IS NULL";
  private static final String AS_OF = "r.since <= $asOf AND (r.until IS NULL OR r.until > $asOf)";

  private final Driver driver;
  private final int maxDepth;

  /**
   * @param maxDepth the deepest any walk goes, whatever the caller asks
   */
  public Neo4jLineageQueries(Driver driver, int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1");
    }
    this.driver = driver;
    this.maxDepth = maxDepth;
  }

  @Override
  public LineageResult lineage(String product, Direction direction, Integer depth, Instant asOf) {
    return walk("DataProduct", product, direction, depth, asOf);
  }

  @Override
  public LineageResult fieldLineage(
      String product, String field, Direction direction, Integer depth, Instant asOf) {
    return walk("Field", product + "#" + field, direction, depth, asOf);
  }

  private LineageResult walk(
      String label, String root, Direction direction, Integer depth, Instant asOf) {
    if (depth != null && depth < 0) {
      throw new IllegalArgumentException("depth must not be negative");
    }
    int limit = depth == null ? maxDepth : Math.min(depth, maxDepth);
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            List<Node> nodes = new ArrayList<>();
            Set<Edge> edges = new LinkedHashSet<>();
            boolean complete = true;
            for (Direction side : sides(direction)) {
              Walk walk = walkOneSide(tx, label, List.of(root), side, limit, asOf);
              complete &= walk.complete();
              walk.depths().forEach((id, d) -> nodes.add(new Node(id, d, side)));
              edges.addAll(walk.edges());
            }
            nodes.sort(
                java.util.Comparator.comparing(Node::side)
                    .thenComparingInt(Node::depth)
                    .thenComparing(Node::id));
            return new LineageResult(root, nodes, List.copyOf(edges), complete, limit);
          });
    }
  }

  private static List<Direction> sides(Direction direction) {
    return direction == Direction.BOTH
        ? List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)
        : List.of(direction);
  }

  /** Depths (roots excluded), parents on one shortest path, edges among the kept nodes. */
  private record Walk(
      Map<String, Integer> depths,
      Map<String, String> parents,
      List<Edge> edges,
      boolean complete) {}

  private Walk walkOneSide(
      TransactionContext tx,
      String label,
      List<String> roots,
      Direction side,
      int limit,
      Instant asOf) {
    String filter = asOf == null ? CURRENT : AS_OF;
    Map<String, Object> params = new HashMap<>();
    params.put("roots", roots);
    params.put("asOf", asOf == null ? null : asOf.toEpochMilli());
    if (limit == 0) {
      return new Walk(Map.of(), Map.of(), List.of(), !reachesAny(tx, label, side, filter, params));
    }
    List<Edge> edges = new ArrayList<>();
    tx.run(walkQuery(label, side, limit + 1, asOf != null), params)
        .forEachRemaining(
            r -> {
              String near = r.get("near").asString();
              for (Value far : r.get("far").values()) {
                edges.add(
                    side == Direction.DOWNSTREAM
                        ? new Edge(near, far.asString())
                        : new Edge(far.asString(), near));
              }
            });

    Map<String, List<String>> next = new HashMap<>();
    for (Edge edge : edges) {
      String from = side == Direction.DOWNSTREAM ? edge.from() : edge.to();
      String to = side == Direction.DOWNSTREAM ? edge.to() : edge.from();
      next.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    }
    next.values().forEach(list -> list.sort(null));
    Map<String, Integer> depths = new LinkedHashMap<>();
    Map<String, String> parents = new HashMap<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    for (String root : roots) {
      depths.put(root, 0);
      queue.add(root);
    }
    boolean complete = true;
    while (!queue.isEmpty()) {
      String current = queue.poll();
      int d = depths.get(current);
      for (String neighbour : next.getOrDefault(current, List.of())) {
        if (depths.containsKey(neighbour)) {
          continue;
        }
        if (d + 1 > limit) {
          complete = false;
          continue;
        }
        depths.put(neighbour, d + 1);
        parents.put(neighbour, current);
        queue.add(neighbour);
      }
    }
    List<Edge> kept =
        edges.stream()
            .filter(e -> depths.containsKey(e.from()) && depths.containsKey(e.to()))
            .toList();
    roots.forEach(depths::remove);
    return new Walk(depths, parents, kept, complete);
  }

  /**
   * The one query of a walk: the nodes reachable from the roots within {@code bound} steps (a
   * {@code DISTINCT} variable-length match, which Neo4j runs as a pruning breadth-first expansion
   * visiting each node once), then every valid FEEDS edge leaving them in the walk's direction, as
   * one row per near node with the list of far ones. Edges from the last level lead beyond the
   * bound; the caller's breadth-first search over the pairs drops them and learns that the answer
   * was cut.
   */
  public static String walkQuery(String label, Direction side, int bound, boolean asOf) {
    if (!label.equals("DataProduct") && !label.equals("Field")) {
      throw new IllegalArgumentException("no walks over " + label);
    }
    String filter = asOf ? AS_OF : CURRENT;
    String reach =
        side == Direction.DOWNSTREAM
            ? "-[rs:FEEDS*1.." + bound + "]->"
            : "<-[rs:FEEDS*1.." + bound + "]-";
    String step = side == Direction.DOWNSTREAM ? "-[r:FEEDS]->" : "<-[r:FEEDS]-";
    return """
        UNWIND $roots AS rootId
        MATCH (s:%1$s {id: rootId})
        OPTIONAL MATCH (s)%2$s(n:%1$s)
        WHERE all(r IN rs WHERE %3$s)
        WITH collect(DISTINCT s) + collect(DISTINCT n) AS reached
        UNWIND reached AS a
        WITH DISTINCT a
        MATCH (a)%4$s(b:%1$s)
        WHERE %3$s
        RETURN a.id AS near, collect(b.id) AS far
        """
        .formatted(label, reach, filter, step);
  }

  private static boolean reachesAny(
      TransactionContext tx, String label, Direction side, String filter, Map<String, Object> p) {
    String arrow = side == Direction.DOWNSTREAM ? "-[r:FEEDS]->" : "<-[r:FEEDS]-";
    return tx.run(
            """
            UNWIND $roots AS rootId
            MATCH (s:%1$s {id: rootId})%2$s(:%1$s)
            WHERE %3$s
            RETURN count(*) > 0 AS any
            """
                .formatted(label, arrow, filter),
            p)
        .single()
        .get("any")
        .asBoolean();
  }

  @Override
  public ImpactResult impact(String product, Collection<String> fields) {
    List<String> changed = new TreeSet<>(fields).stream().toList();
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            Set<String> current =
                new TreeSet<>(
                    tx.run(
                            """
                            MATCH (:DataProduct {id: $product})-[h:HAS_FIELD]->(f:Field)
                            WHERE h.until IS NULL
                            RETURN f.name AS name
                            """,
                            Values.parameters("product", product))
                        .list(r -> r.get("name").asString()));
            List<String> unknown = changed.stream().filter(f -> !current.contains(f)).toList();
            List<String> roots =
                changed.stream().filter(current::contains).map(f -> product + "#" + f).toList();

            Walk walk = walkOneSide(tx, "Field", roots, Direction.DOWNSTREAM, maxDepth, null);
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
                          path.stream()
                              .map(f -> f.substring(0, f.indexOf('#')))
                              .distinct()
                              .toList();
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
                        MATCH (s:Subscription {status: 'APPROVED'})-[:TO]->(p:DataProduct {id: pid}),
                              (s)-[:BY]->(t:Team)
                        OPTIONAL MATCH (s)-[:USES]->(f:Field)
                        WITH s, p, t, collect(f.id) AS used
                        WITH s, p, t, used, [u IN used WHERE u IN $fields] AS hit
                        WHERE size(used) = 0 OR size(hit) > 0
                        RETURN s.id AS id, p.id AS product, t.id AS team, hit
                        ORDER BY id
                        """,
                        Values.parameters(
                            "products", productsToCheck, "fields", List.copyOf(affectedFieldIds)))
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
                        WHERE r.until IS NULL AND NOT EXISTS {
                          MATCH (:Field)-[x:FEEDS]->(:Field {productId: d.id})
                          WHERE x.via = $product + '>' + d.id AND x.until IS NULL }
                        RETURN d.id AS id ORDER BY id
                        """,
                        Values.parameters("product", product))
                    .list(r -> r.get("id").asString());

            List<String> notifyProducts = new ArrayList<>(affectedProducts.keySet());
            notifyProducts.addAll(possibly);
            Record people =
                tx.run(
                        """
                        UNWIND $products AS pid
                        MATCH (p:DataProduct {id: pid})
                        OPTIONAL MATCH (t:Team)-[o:OWNS]->(p) WHERE o.until IS NULL
                        OPTIONAL MATCH (s:Person)-[w:STEWARDS]->(p) WHERE w.until IS NULL
                        RETURN collect(DISTINCT t.id) AS teams, collect(DISTINCT s.id) AS stewards
                        """,
                        Values.parameters("products", notifyProducts))
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
          });
    }
  }

  private static List<String> path(String id, Map<String, String> parents) {
    List<String> path = new ArrayList<>();
    for (String at = id; at != null; at = parents.get(at)) {
      path.add(0, at);
    }
    return path;
  }

  @Override
  public Optional<OwnershipHistory> ownershipHistory(String product) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            Map<String, Object> p = Map.of("product", product);
            if (!tx.run("MATCH (p:DataProduct {id: $product}) RETURN p", p).hasNext()) {
              return Optional.empty();
            }
            List<OwnerPeriod> owners =
                tx.run(
                        """
                        MATCH (t:Team)-[o:OWNS]->(:DataProduct {id: $product})
                        RETURN t.id AS team, o.since AS since, o.until AS until,
                               o.transferId AS transferId, o.requestedBy AS requestedBy,
                               o.approvedBy AS approvedBy
                        ORDER BY o.sincePosition
                        """,
                        p)
                    .list(
                        r ->
                            new OwnerPeriod(
                                r.get("team").asString(),
                                instant(r.get("since")),
                                instant(r.get("until")),
                                text(r.get("transferId")),
                                text(r.get("requestedBy")),
                                text(r.get("approvedBy"))));
            List<StewardPeriod> stewards =
                tx.run(
                        """
                        MATCH (s:Person)-[w:STEWARDS]->(:DataProduct {id: $product})
                        RETURN s.id AS person, w.since AS since, w.until AS until
                        ORDER BY w.sincePosition
                        """,
                        p)
                    .list(
                        r ->
                            new StewardPeriod(
                                r.get("person").asString(),
                                instant(r.get("since")),
                                instant(r.get("until"))));
            List<Transfer> transfers =
                tx.run(
                        """
                        MATCH (x:OwnershipTransfer)-[:OF]->(:DataProduct {id: $product}),
                              (x)-[:FROM]->(f:Team), (x)-[:TO]->(t:Team)
                        RETURN x, f.id AS fromTeam, t.id AS toTeam
                        ORDER BY x.requestPosition
                        """,
                        p)
                    .list(Neo4jLineageQueries::transfer);
            String owner =
                owners.stream()
                    .filter(o -> o.until() == null)
                    .map(OwnerPeriod::team)
                    .findFirst()
                    .orElse(null);
            String steward =
                stewards.stream()
                    .filter(s -> s.until() == null)
                    .map(StewardPeriod::person)
                    .findFirst()
                    .orElse(null);
            return Optional.of(
                new OwnershipHistory(product, owner, steward, owners, stewards, transfers));
          });
    }
  }

  private static Transfer transfer(Record r) {
    var x = r.get("x");
    return new Transfer(
        x.get("id").asString(),
        r.get("fromTeam").asString(),
        r.get("toTeam").asString(),
        x.get("status").asString(),
        text(x.get("reason")),
        text(x.get("requestedBy")),
        instant(x.get("requestedAt")),
        instant(x.get("expiresAt")),
        text(x.get("endedBy")),
        instant(x.get("endedAt")));
  }

  private static final String SUMMARY =
      """
      OPTIONAL MATCH (t:Team)-[o:OWNS]->(p) WHERE o.until IS NULL
      OPTIONAL MATCH (s:Person)-[w:STEWARDS]->(p) WHERE w.until IS NULL
      RETURN p, t.id AS team, s.id AS steward
      """;

  @Override
  public Optional<ProductSummary> product(String product) {
    return summaries(
            "MATCH (p:DataProduct {id: $product}) WHERE p.lifecycle IS NOT NULL\n" + SUMMARY,
            Map.of("product", product))
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
  public Optional<TeamSummary> team(String team) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            var result =
                tx.run(
                    """
                    MATCH (t:Team {id: $team}) WHERE t.name IS NOT NULL
                    OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(t) WHERE m.until IS NULL
                    WITH t, p, m ORDER BY p.id
                    WITH t, collect(CASE WHEN p IS NULL THEN null
                                    ELSE {person: p.id, role: m.role, since: m.since} END) AS members
                    OPTIONAL MATCH (t)-[o:OWNS]->(d:DataProduct) WHERE o.until IS NULL
                    WITH t, members, d ORDER BY d.id
                    RETURN t.id AS id, t.name AS name, t.domain AS domain, members,
                           collect(d.id) AS products
                    """,
                    Map.of("team", team));
            if (!result.hasNext()) {
              return Optional.<TeamSummary>empty();
            }
            Record r = result.next();
            return Optional.of(
                new TeamSummary(
                    r.get("id").asString(),
                    text(r.get("name")),
                    text(r.get("domain")),
                    r.get("members")
                        .asList(
                            m ->
                                new TeamSummary.Member(
                                    m.get("person").asString(),
                                    m.get("role").asString(),
                                    instant(m.get("since")))),
                    r.get("products").asList(Value::asString)));
          });
    }
  }

  @Override
  public List<SchemaVersionSummary> schemaVersions(String product) {
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
                      Map.of("product", product))
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

  @Override
  public Optional<SubscriptionSummary> subscription(String subscription) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx
                  .run(
                      """
                      MATCH (s:Subscription {id: $id})-[:TO]->(p:DataProduct), (s)-[:BY]->(t:Team)
                      OPTIONAL MATCH (s)-[:FOR]->(c:DataProduct)
                      RETURN s, p.id AS product, t.id AS team, c.id AS consuming
                      """,
                      Map.of("id", subscription))
                  .list(
                      r -> {
                        var s = r.get("s");
                        return new SubscriptionSummary(
                            s.get("id").asString(),
                            r.get("product").asString(),
                            r.get("team").asString(),
                            text(r.get("consuming")),
                            s.get("status").asString(),
                            text(s.get("purpose")),
                            s.get("fieldsUsed").isNull()
                                ? List.of()
                                : s.get("fieldsUsed").asList(Value::asString),
                            text(s.get("requestedBy")),
                            instant(s.get("requestedAt")),
                            text(s.get("approvedBy")),
                            text(s.get("endedBy")));
                      })
                  .stream()
                  .findFirst());
    }
  }

  @Override
  public List<ProductSummary> products(String afterId, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("after", afterId == null ? "" : afterId);
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
  public List<ProductSummary> productsOwnedBy(String team) {
    return summaries(
        """
        MATCH (:Team {id: $team})-[o:OWNS]->(p:DataProduct) WHERE o.until IS NULL
        WITH p ORDER BY p.id
        """
            + SUMMARY,
        Map.of("team", team));
  }

  @Override
  public List<ProductSummary> productsInDomain(String domain) {
    return summaries(
        "MATCH (p:DataProduct {domain: $domain}) WITH p ORDER BY p.id\n" + SUMMARY,
        Map.of("domain", domain));
  }

  @Override
  public List<ProductSummary> productsTagged(String tag) {
    return summaries(
        "MATCH (p:DataProduct) WHERE $tag IN p.tags WITH p ORDER BY p.id\n" + SUMMARY,
        Map.of("tag", tag));
  }

  private List<ProductSummary> summaries(String cypher, Map<String, Object> params) {
    try (var session = driver.session()) {
      return session.executeRead(tx -> tx.run(cypher, params).list(Neo4jLineageQueries::summary));
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
        p.get("latestSchemaVersion").isNull() ? null : p.get("latestSchemaVersion").asLong());
  }

  private static String text(Value value) {
    return value == null || value.isNull() ? null : value.asString();
  }

  private static Instant instant(Value value) {
    return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asLong());
  }
}
