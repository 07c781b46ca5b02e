package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.LineageResult.Edge;
import io.meshgov.lineage.query.LineageResult.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Query;
import org.neo4j.driver.Result;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.SimpleQueryRunner;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lineage walks in Cypher over the Bolt driver. User input reaches Cypher only as parameters; the
 * only values written into query text are the label, the arrow and the history filter chosen from
 * constants here, and the walk's depth bound, an integer this class computes and caps (Cypher
 * accepts no parameter there).
 *
 * <p>Walk semantics: one query finds the set of nodes reachable within the bound ({@code MATCH
 * (s)-[rs:FEEDS*1..k]->(n) ... RETURN DISTINCT n}, which Neo4j plans as a pruning breadth-first
 * expansion that visits each node once instead of enumerating paths); a second reads the edges
 * among that set; depths and paths are then computed here by breadth-first search over those edges.
 * Where the graph has the procedure {@value #PROCEDURE} (every graph this application embeds
 * registers it), the procedure answers the first query instead, with the same rows in one pass over
 * Neo4j's core API; a server without it gets the Cypher query.
 */
public final class Neo4jLineageWalks implements LineageWalks {

  /** The procedure that answers {@link #walkQuery} inside Neo4j, where it is installed. */
  public static final String PROCEDURE = io.meshgov.procedures.LineageProcedures.NAME;

  private static final String CALL_PROCEDURE =
      "CALL " + PROCEDURE + "($label, $roots, $downstream, $bound, $asOf) YIELD pairs";
  private static final String PROCEDURE_NOT_FOUND = "Neo.ClientError.Procedure.ProcedureNotFound";
  private static final String CURRENT = "r.until IS NULL";
  private static final String AS_OF = "r.since <= $asOf AND (r.until IS NULL OR r.until > $asOf)";

  /**
   * How long a walk may take before Neo4j ends it: far above any walk the benchmarks measure
   * (milliseconds on a million products), so only a graph or a request gone wrong meets it.
   */
  static final Duration WALK_TIMEOUT = Duration.ofSeconds(30);

  private static final TransactionConfig WITHIN =
      TransactionConfig.builder().withTimeout(WALK_TIMEOUT).build();
  private static final SessionConfig READ =
      SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
  private static final Logger log = LoggerFactory.getLogger(Neo4jLineageWalks.class);

  private final Driver driver;
  private final int maxDepth;

  /** Whether the graph has the procedure: null until asked, asked once. */
  private volatile Boolean procedure;

  /**
   * @param maxDepth the deepest any walk goes, whatever the caller asks
   */
  public Neo4jLineageWalks(Driver driver, int maxDepth) {
    this(driver, maxDepth, true);
  }

  /**
   * @param maxDepth the deepest any walk goes, whatever the caller asks
   * @param useProcedure false: always the Cypher query, even where the procedure is installed (for
   *     measuring one beside the other)
   */
  public Neo4jLineageWalks(Driver driver, int maxDepth, boolean useProcedure) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1");
    }
    this.driver = driver;
    this.maxDepth = maxDepth;
    this.procedure = useProcedure ? null : Boolean.FALSE;
  }

  /**
   * Whether walks use the procedure; asks the graph the first time. An answer is remembered: the
   * graph's (the procedure is listed or not, for this user) or a refusal to list procedures; any
   * other failure (the graph not reachable) is thrown and the question asked again next time.
   */
  public boolean usesProcedure() {
    Boolean known = procedure;
    if (known == null) {
      try (var session = driver.session(READ)) {
        known =
            session
                .run(
                    "SHOW PROCEDURES EXECUTABLE BY CURRENT USER YIELD name WHERE name = $name"
                        + " RETURN count(*) > 0 AS any",
                    Map.of("name", PROCEDURE))
                .single()
                .get("any")
                .asBoolean();
      } catch (org.neo4j.driver.exceptions.Neo4jException e) {
        if (!"Neo.ClientError.Security.Forbidden".equals(e.code())) {
          throw e; // not a refusal: an unreachable graph, an expired credential, ...
        }
        known = false; // a user not allowed to list procedures walks in Cypher
      }
      procedure = known;
      if (known) {
        log.info("Lineage walks use the graph's procedure {}", PROCEDURE);
      } else {
        log.info(
            "Lineage walks run in Cypher: the graph has no procedure {} (docs/operations.md)",
            PROCEDURE);
      }
    }
    return known;
  }

  /**
   * Runs {@code work} in a managed read transaction, or with {@code autoCommit} each of its
   * statements in a transaction of its own (for a walk of one statement: it spares the commit's
   * round trip), always with the walks' timeout. A transient failure of an auto-commit statement
   * runs the work again in a managed transaction, which the driver retries. Should the procedure
   * have gone since it was seen (a server restarted without its plugin), walks switch to Cypher and
   * the work runs once more.
   */
  <T> T read(java.util.function.Function<SimpleQueryRunner, T> work, boolean autoCommit) {
    try (var session = driver.session(READ)) {
      return autoCommit
          ? work.apply(new AutoCommit(session))
          : session.executeRead(work::apply, WITHIN);
    } catch (org.neo4j.driver.exceptions.Neo4jException e) {
      boolean transientFailure =
          autoCommit && e instanceof org.neo4j.driver.exceptions.RetryableException;
      boolean procedureGone = PROCEDURE_NOT_FOUND.equals(e.code());
      if (!transientFailure && !procedureGone) {
        throw e;
      }
      if (procedureGone) {
        log.warn(
            "The graph no longer has the procedure {}: lineage walks run in Cypher", PROCEDURE);
        procedure = false;
      }
    }
    try (var session = driver.session(READ)) {
      return session.executeRead(work::apply, WITHIN);
    }
  }

  /** Each statement in an auto-commit transaction of its own, with the walks' timeout. */
  private record AutoCommit(org.neo4j.driver.Session session) implements SimpleQueryRunner {
    @Override
    public Result run(String query, Value parameters) {
      return run(new Query(query, parameters));
    }

    @Override
    public Result run(String query, Map<String, Object> parameters) {
      return run(new Query(query, parameters));
    }

    @Override
    public Result run(String query, org.neo4j.driver.Record parameters) {
      return run(new Query(query, parameters == null ? Map.of() : parameters.asMap()));
    }

    @Override
    public Result run(String query) {
      return run(new Query(query));
    }

    @Override
    public Result run(Query query) {
      return session.run(query, WITHIN);
    }
  }

  @Override
  public List<EdgeMapping> fieldMappings(
      DataProductId upstream, DataProductId downstream, Instant asOf, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("upstream", upstream.value());
    params.put("downstream", downstream.value());
    params.put("via", upstream.value() + ">" + downstream.value());
    params.put("at", (asOf == null ? Instant.now() : asOf).toEpochMilli());
    params.put("limit", Math.max(0, limit));
    try (var session = driver.session(READ)) {
      return session.executeRead(
          tx ->
              tx.run(
                      """
                      CALL () {
                        MATCH (o:Field {productId: $downstream})<-[r:FEEDS]-(i:Field)
                        WHERE r.via = $via AND r.since <= $at AND (r.until IS NULL OR r.until > $at)
                        RETURN i.name AS input, o.name AS output, r.transformation AS how,
                               'DECLARED' AS source
                        UNION
                        MATCH (:DataProduct {id: $upstream})-[b1:PUBLISHES]->(:Dataset)-[:MAPS]->
                              (m:FieldMapping)-[:INTO]->(:Dataset)<-[b2:PUBLISHES]-
                              (:DataProduct {id: $downstream})
                        WHERE b1.since <= $at AND (b1.until IS NULL OR b1.until > $at)
                          AND b2.since <= $at AND (b2.until IS NULL OR b2.until > $at)
                          AND m.since <= $at
                        RETURN m.inputField AS input, m.field AS output, null AS how,
                               'OBSERVED' AS source
                      }
                      RETURN input, output, how, source
                      ORDER BY output, input, source LIMIT $limit
                      """,
                      params)
                  .list(
                      r ->
                          new EdgeMapping(
                              r.get("input").asString(),
                              r.get("output").asString(),
                              r.get("how").isNull() ? null : r.get("how").asString(),
                              Source.valueOf(r.get("source").asString()))),
          WITHIN);
    }
  }

  /** The deepest any walk goes. */
  int maxDepth() {
    return maxDepth;
  }

  @Override
  public LineageResult lineage(
      DataProductId product,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources) {
    return walk("DataProduct", product.value(), direction, depth, asOf, sources);
  }

  @Override
  public LineageResult fieldLineage(
      DataProductId product,
      String field,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources) {
    return walk("Field", product.value() + "#" + field, direction, depth, asOf, sources);
  }

  private LineageResult walk(
      String label,
      String root,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources) {
    if (depth != null && depth < 0) {
      throw new IllegalArgumentException("depth must not be negative");
    }
    int limit = depth == null ? maxDepth : Math.min(depth, maxDepth);
    // whether observed edges can exist is settled before the walk: without them, a walk of one
    // direction is one statement and runs in an auto-commit transaction
    java.util.Set<Source> walked = sources;
    if (sources.contains(Source.OBSERVED) && !observedNow()) {
      walked = new java.util.HashSet<>(sources);
      walked.remove(Source.OBSERVED);
    }
    boolean oneStatement = direction != Direction.BOTH && !walked.contains(Source.OBSERVED);
    java.util.Set<Source> asked = walked;
    return read(
        tx -> {
          List<Node> nodes = new ArrayList<>();
          Set<Edge> edges = new LinkedHashSet<>();
          boolean complete = true;
          for (Direction side : sides(direction)) {
            Walk walk = walkOneSide(tx, label, List.of(root), side, limit, asOf, asked);
            complete &= walk.complete();
            walk.depths().forEach((id, d) -> nodes.add(new Node(id, d, side)));
            edges.addAll(walk.edges());
          }
          nodes.sort(
              java.util.Comparator.comparing(Node::side)
                  .thenComparingInt(Node::depth)
                  .thenComparing(Node::id));
          return new LineageResult(root, nodes, List.copyOf(edges), complete, limit);
        },
        oneStatement);
  }

  /** {@link #anyObserved} in a read session of its own, before a walk chooses its transaction. */
  private boolean observedNow() {
    if (!observedSeen) {
      try (var session = driver.session(READ)) {
        session.executeRead(this::anyObserved, WITHIN);
      }
    }
    return observedSeen;
  }

  private static List<Direction> sides(Direction direction) {
    return direction == Direction.BOTH
        ? List.of(Direction.UPSTREAM, Direction.DOWNSTREAM)
        : List.of(direction);
  }

  /** Depths (roots excluded), parents on one shortest path, edges among the kept nodes. */
  record Walk(
      Map<String, Integer> depths,
      Map<String, String> parents,
      List<Edge> edges,
      boolean complete) {}

  Walk walkOneSide(
      SimpleQueryRunner tx,
      String label,
      List<String> roots,
      Direction side,
      int limit,
      Instant asOf,
      java.util.Set<Source> sources) {
    String filter = asOf == null ? CURRENT : AS_OF;
    Map<String, Object> params = new HashMap<>();
    params.put("roots", roots);
    params.put("asOf", asOf == null ? null : asOf.toEpochMilli());
    boolean observed = sources.contains(Source.OBSERVED) && anyObserved(tx);
    List<Edge> edges;
    if (observed) {
      edges = expandLevels(tx, label, roots, side, limit, asOf, sources);
    } else if (!sources.contains(Source.DECLARED)) {
      edges = List.of();
    } else if (limit == 0) {
      return new Walk(Map.of(), Map.of(), List.of(), !reachesAny(tx, label, side, filter, params));
    } else {
      edges = new ArrayList<>();
      List<Edge> declared = edges;
      // nodes within the limit and every edge leaving them: an edge from the last level leads
      // beyond it, which is all the search below needs to know that the answer was cut
      if (roots.size() <= io.meshgov.procedures.LineageProcedures.MAX_ROOTS && usesProcedure()) {
        params.put("label", label);
        params.put("downstream", side == Direction.DOWNSTREAM);
        params.put("bound", limit);
        List<String> pairs =
            tx.run(CALL_PROCEDURE, params).single().get("pairs").asList(Value::asString);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
          String near = pairs.get(i);
          String far = pairs.get(i + 1);
          declared.add(side == Direction.DOWNSTREAM ? new Edge(near, far) : new Edge(far, near));
        }
      } else {
        tx.run(walkQuery(label, side, limit, asOf != null), params)
            .forEachRemaining(
                r -> {
                  String near = r.get("near").asString();
                  for (Value far : r.get("far").values()) {
                    declared.add(
                        side == Direction.DOWNSTREAM
                            ? new Edge(near, far.asString())
                            : new Edge(far.asString(), near));
                  }
                });
      }
    }
    if (limit == 0) {
      boolean beyond =
          edges.stream()
              .anyMatch(e -> roots.contains(side == Direction.DOWNSTREAM ? e.from() : e.to()));
      return new Walk(Map.of(), Map.of(), List.of(), !beyond);
    }

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
   * Whether any pipeline reported anything: without jobs, observed edges cannot exist. Asked until
   * the answer is yes, then remembered (jobs only go with the whole graph, in a rebuild, and a walk
   * over no observed edges is merely slower), so a walk does not pay a round trip for it.
   */
  private boolean anyObserved(SimpleQueryRunner tx) {
    if (!observedSeen) {
      observedSeen =
          tx.run("MATCH (j:Job) RETURN count(j) > 0 AS any").single().get("any").asBoolean();
    }
    return observedSeen;
  }

  private volatile boolean observedSeen;

  /**
   * A walk over declared and observed edges together, a level at a time (observed edges are paths
   * through datasets and jobs, not single relationships): each level one query from the nodes
   * reached last, up to one level beyond the bound, so the caller learns whether the answer was
   * cut. Each edge carries the sources that know it.
   */
  private List<Edge> expandLevels(
      SimpleQueryRunner tx,
      String label,
      List<String> roots,
      Direction side,
      int limit,
      Instant asOf,
      java.util.Set<Source> sources) {
    Map<String, Object> params = new HashMap<>();
    params.put("at", asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli());
    params.put("declared", sources.contains(Source.DECLARED));
    String query = expansion(label, side);
    Map<String, java.util.TreeSet<String>> found = new LinkedHashMap<>();
    Set<String> visited = new java.util.HashSet<>(roots);
    List<String> frontier = new ArrayList<>(roots);
    for (int level = 0; level <= limit && !frontier.isEmpty(); level++) {
      params.put("frontier", frontier);
      List<String> next = new ArrayList<>();
      tx.run(query, params)
          .forEachRemaining(
              r -> {
                String near = r.get("near").asString();
                String far = r.get("far").asString();
                String from = side == Direction.DOWNSTREAM ? near : far;
                String to = side == Direction.DOWNSTREAM ? far : near;
                found
                    .computeIfAbsent(from + "\n" + to, k -> new java.util.TreeSet<>())
                    .add(r.get("source").asString());
                if (visited.add(far)) {
                  next.add(far);
                }
              });
      frontier = next;
    }
    List<Edge> edges = new ArrayList<>();
    found.forEach(
        (key, known) -> {
          int cut = key.indexOf('\n');
          edges.add(new Edge(key.substring(0, cut), key.substring(cut + 1), List.copyOf(known)));
        });
    return edges;
  }

  /** One level of a mixed walk: declared neighbours and observed ones of the frontier. */
  private static String expansion(String label, Direction side) {
    boolean down = side == Direction.DOWNSTREAM;
    String declared =
        down ? "(a)-[r:FEEDS]->(b:%s)".formatted(label) : "(a)<-[r:FEEDS]-(b:%s)".formatted(label);
    String valid = "r.since <= $at AND (r.until IS NULL OR r.until > $at)";
    String bound1 = "b1.since <= $at AND (b1.until IS NULL OR b1.until > $at)";
    String bound2 = "b2.since <= $at AND (b2.until IS NULL OR b2.until > $at)";
    if (label.equals("DataProduct")) {
      String observed =
          down
              ? "(a)-[b1:PUBLISHES]->(:Dataset)<-[x:READS]-(:Job)-[y:WRITES]->(:Dataset)"
                  + "<-[b2:PUBLISHES]-(b:DataProduct)"
              : "(a)-[b1:PUBLISHES]->(:Dataset)<-[y:WRITES]-(:Job)-[x:READS]->(:Dataset)"
                  + "<-[b2:PUBLISHES]-(b:DataProduct)";
      return """
          UNWIND $frontier AS id
          MATCH (a:DataProduct {id: id})
          CALL (a) {
            MATCH %s WHERE $declared AND %s
            RETURN b.id AS far, 'DECLARED' AS source
            UNION
            MATCH %s
            WHERE b <> a AND %s AND %s AND x.since <= $at AND y.since <= $at
            RETURN b.id AS far, 'OBSERVED' AS source
          }
          RETURN id AS near, far, source
          """
          .formatted(declared, valid, observed, bound1, bound2);
    }
    // fields: ids are product#field; an observed mapping links a field of a dataset bound to one
    // product to a field of a dataset bound to another
    String mapped =
        down
            ? """
              MATCH (q:DataProduct {id: pid})-[b1:PUBLISHES]->(:Dataset)
                    -[:MAPS]->(m:FieldMapping {inputField: fname})-[:INTO]->(:Dataset)<-[b2:PUBLISHES]-(p:DataProduct)
              WHERE p.id <> pid AND %s AND %s AND m.since <= $at
              RETURN p.id + '#' + m.field AS far, 'OBSERVED' AS source
              """
            : """
              MATCH (p:DataProduct {id: pid})-[b1:PUBLISHES]->(:Dataset)
                    <-[:INTO]-(m:FieldMapping {field: fname})<-[:MAPS]-(:Dataset)<-[b2:PUBLISHES]-(q:DataProduct)
              WHERE q.id <> pid AND %s AND %s AND m.since <= $at
              RETURN q.id + '#' + m.inputField AS far, 'OBSERVED' AS source
              """;
    return """
        UNWIND $frontier AS id
        WITH id, split(id, '#')[0] AS pid
        WITH id, pid, substring(id, size(pid) + 1) AS fname
        CALL (id, pid, fname) {
          MATCH (a:Field {id: id})
          MATCH %s WHERE $declared AND %s
          RETURN b.id AS far, 'DECLARED' AS source
          UNION
          %s
        }
        RETURN id AS near, far, source
        """
        .formatted(declared, valid, mapped.formatted(bound1, bound2));
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
      SimpleQueryRunner tx, String label, Direction side, String filter, Map<String, Object> p) {
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
}
