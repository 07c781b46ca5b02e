package io.meshgov.lineage.query;

import static io.meshgov.lineage.query.GraphValues.instant;
import static io.meshgov.lineage.query.GraphValues.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncSession;
import org.neo4j.driver.async.ResultCursor;

/**
 * Drift in Cypher: one read per kind over the current bindings (PUBLISHES), the observed flows
 * (READS, WRITES), the declared lineage (FEEDS), approved subscriptions and the published schemas;
 * the products in scope are chosen first (domain, team or one product), so a question about one
 * team reads that team's corner of the graph. Each read answers only the properties a finding
 * shows: whole nodes (a product's description and search words, a dataset's observed schema) cost
 * more to send than to find.
 */
public final class Neo4jDriftQueries implements DriftQueries {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The products asked about, with their owners, bound as p (and tp, the owning team): read from
   * the team, the product or the domain asked (each by its index), or every product.
   */
  static String scope(String domain, String team, String product) {
    if (product != null) {
      return """
          MATCH (p:DataProduct {id: $product}) WHERE p.lifecycle IS NOT NULL
          OPTIONAL MATCH (tp:Team)-[op:OWNS]->(p) WHERE op.until IS NULL
          WITH p, tp
          """;
    }
    if (team != null) {
      return """
          MATCH (tp:Team {id: $team})-[op:OWNS]->(p:DataProduct)
          WHERE op.until IS NULL AND p.lifecycle IS NOT NULL
            AND ($domain IS NULL OR p.domain = $domain)
          WITH p, tp
          """;
    }
    String products =
        domain == null
            ? "MATCH (p:DataProduct) WHERE p.lifecycle IS NOT NULL\n"
            : "MATCH (p:DataProduct {domain: $domain}) WHERE p.lifecycle IS NOT NULL\n";
    return products
        + """
        OPTIONAL MATCH (tp:Team)-[op:OWNS]->(p) WHERE op.until IS NULL
        WITH p, tp
        """;
  }

  private final Driver driver;

  public Neo4jDriftQueries(Driver driver) {
    this.driver = driver;
  }

  @Override
  public List<DriftFinding> drift(
      String domain, String team, String product, Instant since, Instant staleBefore, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("domain", domain);
    params.put("team", team);
    params.put("product", product);
    params.put("since", since == null ? Long.MIN_VALUE : since.toEpochMilli());
    params.put("staleBefore", staleBefore.toEpochMilli());
    int asked = Math.max(0, Math.min(limit, 10_000));
    params.put("limit", asked);
    String scope = scope(domain, team, product);
    params.put("candidates", asked);
    List<String> statements =
        List.of(scope + UNDECLARED, scope + SHADOW, scope + STALE, scope + SCHEMA, scope + CLAIMS);
    // the kinds are independent reads: asked at once when few other questions are doing so, each
    // in a read transaction of its own, so the answer takes as long as the slowest kind rather
    // than their sum; the records are turned into findings here, not on the driver's threads
    List<List<Record>> answers;
    if (atOnce.tryAcquire()) {
      try {
        answers = readAtOnce(statements, params);
      } finally {
        atOnce.release();
      }
    } else {
      answers = readInTurn(statements, params);
    }
    List<DriftFinding> findings = new ArrayList<>();
    answers.get(0).forEach(r -> findings.add(flow(UP, r)));
    answers.get(1).forEach(r -> findings.add(flow(SHADOWS, r)));
    answers.get(2).forEach(r -> findings.add(stale(r)));
    // schemas are compared here, not in Cypher: as many candidates as findings asked first, and
    // only when too few of them drifted, five times as many
    List<DriftFinding> drifted = new ArrayList<>();
    answers.get(3).forEach(r -> schemaDrift(r, drifted));
    if (drifted.size() < asked && answers.get(3).size() >= asked) {
      params.put("candidates", asked * 5);
      drifted.clear();
      readInTurn(List.of(scope + SCHEMA), params).get(0).forEach(r -> schemaDrift(r, drifted));
    }
    findings.addAll(drifted);
    answers.get(4).forEach(r -> claimMismatch(r, findings));
    findings.sort(
        Comparator.comparing(DriftFinding::product)
            .thenComparing(DriftFinding::kind)
            .thenComparing(f -> String.valueOf(f.datasetName())));
    return findings.size() > limit ? List.copyOf(findings.subList(0, limit)) : findings;
  }

  private static final String UP = "UNDECLARED_UPSTREAM";
  private static final String SHADOWS = "SHADOW_CONSUMER";

  /** The longest the kinds may take together. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  /** How many questions may read their kinds at once (five sessions each); others take turns. */
  private final java.util.concurrent.Semaphore atOnce = new java.util.concurrent.Semaphore(4);

  /** The statements at once, each in a session and read transaction of its own. */
  private List<List<Record>> readAtOnce(List<String> statements, Map<String, Object> params) {
    List<CompletableFuture<List<Record>>> reads = new ArrayList<>();
    for (String statement : statements) {
      reads.add(records(statement, params));
    }
    try {
      CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
          .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      return reads.stream().map(CompletableFuture::join).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading drift", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("drift was not read within " + ANSWER_WITHIN, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(e.getCause());
    }
  }

  /** The statements one after the other in one read transaction. */
  private List<List<Record>> readInTurn(List<String> statements, Map<String, Object> params) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            List<List<Record>> answers = new ArrayList<>();
            for (String statement : statements) {
              answers.add(tx.run(statement, params).list());
            }
            return answers;
          },
          org.neo4j.driver.TransactionConfig.builder().withTimeout(ANSWER_WITHIN).build());
    }
  }

  /** One read in a session of its own, without holding a thread while Neo4j answers. */
  private CompletableFuture<List<Record>> records(String query, Map<String, Object> params) {
    AsyncSession session = driver.session(AsyncSession.class);
    Map<String, Object> own = new HashMap<>(params); // each read its own copy
    CompletableFuture<List<Record>> read;
    try {
      read =
          session
              .executeReadAsync(
                  tx -> tx.runAsync(query, own).thenCompose(ResultCursor::listAsync),
                  // the server ends a read that outlives the answer's wait
                  org.neo4j.driver.TransactionConfig.builder().withTimeout(ANSWER_WITHIN).build())
              .toCompletableFuture();
    } catch (RuntimeException e) {
      session.closeAsync();
      throw e;
    }
    return read.handle(
        (records, failure) -> {
          session.closeAsync();
          if (failure != null) {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
          }
          return records;
        });
  }

  /** A job writes p's dataset while reading q's, and p declares no upstream q. */
  private static final String UNDECLARED =
      """
          MATCH (p)-[b:PUBLISHES]->(out:Dataset)<-[w:WRITES]-(j:Job)-[r:READS]->(in:Dataset)
                <-[b2:PUBLISHES]-(q:DataProduct)
          WHERE b.until IS NULL AND b2.until IS NULL AND q <> p
            AND w.lastSeen >= $since AND r.lastSeen >= $since
            AND NOT EXISTS { MATCH (q)-[f:FEEDS]->(p) WHERE f.until IS NULL }
          RETURN p {.id, .domain} AS p, tp.id AS owner, q.id AS other,
                 out {.namespace, .name} AS out, in {.namespace, .name} AS in,
                 j {.namespace, .name} AS j, w.lastRun AS run, w.lastSeen AS time, tp.id AS tell
          LIMIT $limit
          """;

  /**
   * A job reads p's dataset and writes a dataset of another team's product, or one nobody owns,
   * without an approved subscription of that team to p.
   */
  private static final String SHADOW =
      """
          MATCH (p)-[b:PUBLISHES]->(in:Dataset)<-[r:READS]-(j:Job)-[w:WRITES]->(out:Dataset)
          WHERE b.until IS NULL AND r.lastSeen >= $since AND w.lastSeen >= $since
          OPTIONAL MATCH (c:DataProduct)-[bc:PUBLISHES]->(out) WHERE bc.until IS NULL
          OPTIONAL MATCH (tc:Team)-[oc:OWNS]->(c) WHERE oc.until IS NULL
          WITH p, tp, in, out, j, w, c, tc
          WHERE (c IS NULL OR (c <> p AND tc IS NOT NULL AND tc <> tp))
            AND (tc IS NULL OR NOT EXISTS {
                  MATCH (s:Subscription)-[:TO]->(p), (s)-[:BY]->(tc)
                  WHERE s.approvedAt IS NOT NULL AND s.endedAt IS NULL })
          RETURN p {.id, .domain} AS p, tp.id AS owner, c.id AS other,
                 in {.namespace, .name} AS out, out {.namespace, .name} AS in,
                 j {.namespace, .name} AS j, w.lastRun AS run, w.lastSeen AS time,
                 coalesce(tc.id, tp.id) AS tell
          LIMIT $limit
          """;

  /** p declares upstream q, both publish datasets, and no run showed the flow lately. */
  private static final String STALE =
      """
          MATCH (q:DataProduct)-[f:FEEDS]->(p)
          WHERE f.until IS NULL AND f.since < $staleBefore
            AND EXISTS { MATCH (q)-[x:PUBLISHES]->() WHERE x.until IS NULL }
            AND EXISTS { MATCH (p)-[y:PUBLISHES]->() WHERE y.until IS NULL }
            AND NOT EXISTS {
              MATCH (q)-[b1:PUBLISHES]->(:Dataset)<-[r:READS]-(:Job)-[w:WRITES]->(:Dataset)
                    <-[b2:PUBLISHES]-(p)
              WHERE b1.until IS NULL AND b2.until IS NULL
                AND r.lastSeen >= $staleBefore AND w.lastSeen >= $staleBefore }
          WITH p, tp, q, f LIMIT $limit
          CALL (p, q) {
            OPTIONAL MATCH (q)-[b1:PUBLISHES]->(:Dataset)<-[r:READS]-(:Job)-[w:WRITES]->(:Dataset)
                  <-[b2:PUBLISHES]-(p)
            WHERE b1.until IS NULL AND b2.until IS NULL
            RETURN max(w.lastSeen) AS lastSeen
          }
          RETURN p {.id, .domain} AS p, tp.id AS owner, q.id AS other, f.since AS declared,
                 lastSeen
          """;

  /** p's datasets whose observed schema may differ from p's latest published version. */
  private static final String SCHEMA =
      """
          MATCH (p)-[b:PUBLISHES]->(d:Dataset)
          WHERE b.until IS NULL AND d.observedSchema IS NOT NULL AND d.observedSchemaAt >= $since
          MATCH (p)-[:HAS_SCHEMA]->(v:SchemaVersion {version: p.latestSchemaVersion})
          WITH p, tp, d, v LIMIT $candidates
          CALL (v) {
            OPTIONAL MATCH (v)-[h:HAS_FIELD]->(f:Field)
            RETURN collect({name: f.name, type: h.type}) AS published
          }
          RETURN p {.id, .domain} AS p, tp.id AS owner,
                 d {.namespace, .name, .observedSchema, .observedSchemaAt} AS d, published
          """;

  /** p's datasets whose pipelines claim owners. */
  private static final String CLAIMS =
      """
          MATCH (p)-[b:PUBLISHES]->(d:Dataset)
          WHERE b.until IS NULL AND size(coalesce(d.claimedOwners, [])) > 0
            AND coalesce(d.claimedAt, 0) >= $since
          RETURN p {.id, .domain} AS p, tp.id AS owner,
                 d {.namespace, .name, .claimedOwners, .claimedAt} AS d
          LIMIT $limit
          """;

  private static DriftFinding flow(String kind, Record r) {
    var p = r.get("p");
    var out = r.get("out");
    var in = r.get("in");
    var j = r.get("j");
    List<String> details = new ArrayList<>();
    if (kind.equals("UNDECLARED_UPSTREAM")) {
      details.add(
          "job "
              + j.get("name").asString()
              + " writes "
              + out.get("name").asString()
              + " reading "
              + in.get("name").asString()
              + " of "
              + r.get("other").asString()
              + ", which "
              + p.get("id").asString()
              + " does not declare as upstream");
    } else {
      String other = text(r.get("other"));
      details.add(
          "job "
              + j.get("name").asString()
              + " reads "
              + out.get("name").asString()
              + " and writes "
              + in.get("name").asString()
              + (other == null
                  ? ", which no product owns"
                  : " of " + other + ", whose team has no approved subscription"));
    }
    return new DriftFinding(
        kind,
        p.get("id").asString(),
        text(p.get("domain")),
        text(r.get("owner")),
        text(r.get("other")),
        out.get("namespace").asString(),
        out.get("name").asString(),
        in.get("namespace").asString(),
        in.get("name").asString(),
        j.get("namespace").asString(),
        j.get("name").asString(),
        text(r.get("run")),
        instant(r.get("time")),
        text(r.get("tell")),
        details);
  }

  private static DriftFinding stale(Record r) {
    var p = r.get("p");
    Instant lastSeen = instant(r.get("lastSeen"));
    return new DriftFinding(
        "STALE_DECLARATION",
        p.get("id").asString(),
        text(p.get("domain")),
        text(r.get("owner")),
        r.get("other").asString(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        lastSeen,
        text(r.get("owner")),
        List.of(
            r.get("other").asString()
                + " is declared upstream since "
                + instant(r.get("declared"))
                + (lastSeen == null
                    ? " and no run has shown it"
                    : " and no run has shown it since " + lastSeen)));
  }

  private static void schemaDrift(Record r, List<DriftFinding> findings) {
    var p = r.get("p");
    var d = r.get("d");
    Map<String, String> published = new LinkedHashMap<>();
    for (Value field : r.get("published").values()) {
      if (!field.get("name").isNull()) {
        published.put(field.get("name").asString(), text(field.get("type")));
      }
    }
    Map<String, String> observed = new LinkedHashMap<>();
    try {
      for (JsonNode field : JSON.readTree(d.get("observedSchema").asString())) {
        observed.put(
            field.path("name").asText(),
            field.path("type").isNull() ? null : field.path("type").asText());
      }
    } catch (IOException e) {
      return;
    }
    List<String> details = new ArrayList<>();
    published.keySet().stream()
        .filter(f -> !observed.containsKey(f))
        .sorted()
        .forEach(f -> details.add("missing: " + f + " is published but not observed"));
    observed.keySet().stream()
        .filter(f -> !published.containsKey(f))
        .sorted()
        .forEach(f -> details.add("added: " + f + " is observed but not published"));
    published.keySet().stream()
        .filter(observed::containsKey)
        .sorted()
        .forEach(
            f -> {
              String was = kind(published.get(f));
              String seen = kind(observed.get(f));
              if (was != null && seen != null && !was.equals(seen)) {
                details.add(
                    "retyped: "
                        + f
                        + " is published as "
                        + published.get(f)
                        + " and observed as "
                        + observed.get(f));
              }
            });
    if (!details.isEmpty()) {
      findings.add(
          new DriftFinding(
              "SCHEMA_DRIFT",
              p.get("id").asString(),
              text(p.get("domain")),
              text(r.get("owner")),
              null,
              d.get("namespace").asString(),
              d.get("name").asString(),
              null,
              null,
              null,
              null,
              null,
              instant(d.get("observedSchemaAt")),
              text(r.get("owner")),
              details));
    }
  }

  /**
   * A field type as a kind both sides can be compared by: Avro's (a JSON type, nullable unions read
   * as their other branch) and the type names pipelines report (SQL and Spark names); null when it
   * is neither known nor comparable.
   */
  static String kind(String type) {
    if (type == null) {
      return null;
    }
    String t = type.trim();
    if (t.startsWith("[")) {
      try {
        for (JsonNode branch : JSON.readTree(t)) {
          if (!branch.isTextual() || !branch.asText().equals("null")) {
            return kind(branch.isTextual() ? branch.asText() : branch.toString());
          }
        }
      } catch (IOException e) {
        return null;
      }
      return null;
    }
    if (t.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(t);
        String logical = node.path("logicalType").asText("");
        if (!logical.isEmpty()) {
          return kind(logical);
        }
        return kind(node.path("type").asText(""));
      } catch (IOException e) {
        return null;
      }
    }
    if (t.startsWith("\"") && t.endsWith("\"") && t.length() > 1) {
      t = t.substring(1, t.length() - 1);
    }
    String base = t.toLowerCase(Locale.ROOT).replaceAll("\\(.*", "").trim();
    return switch (base) {
      case "string", "varchar", "char", "text", "nvarchar", "uuid", "enum" -> "text";
      case "int", "integer", "smallint", "tinyint", "short", "byte" -> "int";
      case "long", "bigint" -> "long";
      case "float", "real" -> "float";
      case "double", "double precision" -> "double";
      case "boolean", "bool" -> "boolean";
      case "decimal", "numeric", "number" -> "decimal";
      case "bytes", "binary", "varbinary", "bytea", "fixed" -> "bytes";
      case "date" -> "date";
      case "timestamp", "timestamp-millis", "timestamp-micros", "timestamptz", "datetime" ->
          "timestamp";
      default -> null;
    };
  }

  private static void claimMismatch(Record r, List<DriftFinding> findings) {
    var p = r.get("p");
    var d = r.get("d");
    String owner = text(r.get("owner"));
    List<String> claims = d.get("claimedOwners").asList(Value::asString);
    boolean matches =
        owner != null
            && claims.stream()
                .map(c -> c.replaceFirst("(?i)^team:", "").trim())
                .anyMatch(c -> c.equalsIgnoreCase(owner));
    if (!matches) {
      findings.add(
          new DriftFinding(
              "OWNERSHIP_CLAIM_MISMATCH",
              p.get("id").asString(),
              text(p.get("domain")),
              owner,
              null,
              d.get("namespace").asString(),
              d.get("name").asString(),
              null,
              null,
              null,
              null,
              null,
              instant(d.get("claimedAt")),
              owner,
              List.of(
                  "pipelines claim "
                      + String.join(", ", claims)
                      + " for "
                      + d.get("name").asString()
                      + "; "
                      + p.get("id").asString()
                      + " is owned by "
                      + owner)));
    }
  }
}
