package io.meshgov.lineage.projection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.neo4j.driver.Driver;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.schema.ConstraintDefinition;
import org.neo4j.graphdb.schema.IndexType;

/**
 * Constraints and indexes of the lineage graph, created if missing at start-up. Unique ids for
 * every node type, a lookup index for what queries filter on, and a full-text index over product
 * names, descriptions and tags for search (now, and as of a time over the products' revisions).
 *
 * <p>A start reads which constraints and indexes exist and makes only the missing ones; data fixes
 * for graphs written by earlier versions run once per graph. With a Neo4j server that is done in
 * Cypher; with the embedded Neo4j through its Java API in process, so a usual start compiles no
 * Cypher statement at all (decision 76).
 */
public final class GraphSchema {

  /** What a definition makes. */
  enum Kind {
    /** A uniqueness constraint on one property (with the range index behind it). */
    UNIQUE,
    /** A range index on one or more properties. */
    RANGE,
    /** A full-text index over text properties. */
    FULLTEXT
  }

  /** One named constraint or index on the nodes of one label. */
  record Definition(String name, Kind kind, String label, List<String> properties) {

    Definition {
      properties = List.copyOf(properties);
    }

    /** The Cypher statement that makes it, if missing. */
    String cypher() {
      String on = properties.stream().map(p -> "n." + p).collect(Collectors.joining(", "));
      String head = " " + name + " IF NOT EXISTS FOR (n:" + label + ")";
      return switch (kind) {
        case UNIQUE -> "CREATE CONSTRAINT" + head + " REQUIRE " + on + " IS UNIQUE";
        case RANGE -> "CREATE INDEX" + head + " ON (" + on + ")";
        case FULLTEXT -> "CREATE FULLTEXT INDEX" + head + " ON EACH [" + on + "]";
      };
    }

    /** Makes it through the Java API, in a transaction of its own. */
    void create(GraphDatabaseService database) {
      try (var tx = database.beginTx()) {
        Label node = Label.label(label);
        switch (kind) {
          case UNIQUE ->
              tx.schema()
                  .constraintFor(node)
                  .assertPropertyIsUnique(properties.get(0))
                  .withName(name)
                  .create();
          case RANGE, FULLTEXT -> {
            var index = tx.schema().indexFor(node);
            for (String property : properties) {
              index = index.on(property);
            }
            index
                .withIndexType(kind == Kind.RANGE ? IndexType.RANGE : IndexType.FULLTEXT)
                .withName(name)
                .create();
          }
        }
        tx.commit();
      }
    }
  }

  private static Definition unique(String name, String label, String property) {
    return new Definition(name, Kind.UNIQUE, label, List.of(property));
  }

  private static Definition range(String name, String label, String... properties) {
    return new Definition(name, Kind.RANGE, label, List.of(properties));
  }

  private static Definition fulltext(String name, String label, String... properties) {
    return new Definition(name, Kind.FULLTEXT, label, List.of(properties));
  }

  /** Constraints or indexes of earlier versions, dropped where they exist. */
  static final List<String> DROPPED =
      List.of(
          // transfer ids are chosen by clients: a request is keyed by product, id and position
          "transfer_id");

  /**
   * Data fixes of graphs written by earlier versions, by id, in the order they run: after the
   * drops, before the constraints and indexes are made (a transfer's key is completed before its
   * key is made unique). Each runs at most once per graph (a {@code GraphMigration} node records
   * it), and a graph without any node needs none of them.
   */
  static final Map<String, String> FIXES = new LinkedHashMap<>();

  static {
    FIXES.put(
        "transfer-keys",
        "MATCH (x:OwnershipTransfer)-[:OF]->(p:DataProduct)"
            + " WHERE x.key IS NULL OR NOT x.key CONTAINS '@'"
            + " SET x.key = p.id + '/' + x.id + '@' + x.requestPosition");
    FIXES.put(
        "graph-position-node",
        // graphs written before the graph's position had a node of its own kept it in a
        // progress node with the id '$graph'
        "MATCH (old:ProjectionProgress {id: '$graph'})"
            + " MERGE (g:GraphPosition {id: 'graph'})"
            + " SET g.position = CASE WHEN coalesce(g.position, -1) < old.position"
            + " THEN old.position ELSE g.position END"
            + " DELETE old");
  }

  static final List<Definition> DEFINITIONS =
      List.of(
          unique("data_product_id", "DataProduct", "id"),
          unique("team_id", "Team", "id"),
          unique("person_id", "Person", "id"),
          unique("domain_id", "Domain", "id"),
          unique("schema_version_id", "SchemaVersion", "id"),
          unique("field_id", "Field", "id"),
          unique("sla_id", "ServiceLevelAgreement", "id"),
          unique("dataset_id", "Dataset", "id"),
          range("dataset_namespace", "Dataset", "namespace"),
          fulltext("dataset_text", "Dataset", "namespace", "name", "searchText"),
          unique("job_id", "Job", "id"),
          unique("field_mapping_id", "FieldMapping", "id"),
          unique("subscription_id", "Subscription", "id"),
          unique("transfer_key", "OwnershipTransfer", "key"),
          unique("parked_id", "ParkedAggregate", "id"),
          unique("progress_id", "ProjectionProgress", "id"),
          unique("graph_position_id", "GraphPosition", "id"),
          unique("inbox_item_id", "InboxItem", "id"),
          unique("inbox_read_id", "InboxRead", "id"),
          range("inbox_item_person", "InboxItem", "person", "position"),
          range("inbox_item_position", "InboxItem", "position"),
          range("data_product_domain", "DataProduct", "domain"),
          range("data_product_lifecycle", "DataProduct", "lifecycle"),
          range("field_product", "Field", "productId"),
          fulltext("data_product_text", "DataProduct", "id", "name", "description", "tagText"),
          fulltext(
              "product_revision_text",
              "ProductRevision",
              "productId",
              "name",
              "description",
              "tagText"));

  /**
   * One-time migrations of graphs written by earlier versions, by id, run after the constraints and
   * indexes are made: each runs at most once per graph (a {@code GraphMigration} node records it),
   * so a start does not scan the graph again, and a graph without any node needs none.
   */
  static final Map<String, String> MIGRATIONS = new LinkedHashMap<>();

  static {
    MIGRATIONS.put(
        "job-owners-at",
        // a job's owners are kept with the time of the report that named them (decision 66);
        // graphs written before took them from the newest report: that one's time stands in
        "MATCH (j:Job) WHERE j.owners IS NOT NULL AND j.ownersAt IS NULL"
            + " CALL (j) { SET j.ownersAt = j.lastSeen, j.ownersPosition = j.lastPosition }"
            + " IN TRANSACTIONS OF 10000 ROWS");
    MIGRATIONS.put(
        "observed-progress",
        // observed lineage (OpenLineage runs, jobs, datasets) keeps no progress per aggregate
        // any more: its statement ends the same in any order and however often it is applied
        "MATCH (p:ProjectionProgress) WHERE p.id STARTS WITH 'olrun:'"
            + " OR p.id STARTS WITH 'oljob:' OR p.id STARTS WITH 'olds:'"
            + " CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS");
    MIGRATIONS.put(
        "product-revisions",
        // what a product said of itself when (search and dataProduct as of a time); graphs
        // written before revisions were kept get one open revision per product from its current
        // text, valid since registration (a rebuild restores the earlier texts)
        "MATCH (p:DataProduct) WHERE p.registeredAt IS NOT NULL"
            + " AND NOT EXISTS { MATCH (p)-[:HAS_REVISION]->() }"
            + " CALL (p) { CREATE (p)-[:HAS_REVISION]->(:ProductRevision {productId: p.id,"
            + " name: p.name, description: p.description, tags: p.tags, tagText: p.tagText,"
            + " classification: p.classification, outputPort: p.outputPort,"
            + " since: p.registeredAt, sincePosition: -1}) } IN TRANSACTIONS OF 10000 ROWS");
    // decision 78: what another node already says is not written twice; a graph written before
    // loses those edges and properties, so it holds what a rebuild of its events would give
    MIGRATIONS.put(
        "product-field-edges",
        // a product's fields as of a time are those of its schema version in force then
        "MATCH (:DataProduct)-[h:HAS_FIELD]->(:Field)"
            + " CALL (h) { DELETE h } IN TRANSACTIONS OF 10000 ROWS");
    MIGRATIONS.put(
        "product-domain-edges",
        // a product's domain is its property
        "MATCH (:DataProduct)-[d:IN_DOMAIN]->(:Domain)"
            + " CALL (d) { DELETE d } IN TRANSACTIONS OF 10000 ROWS");
    MIGRATIONS.put(
        "field-types",
        // a field's type and optionality are on each schema version's edge to it
        "MATCH (f:Field) WHERE f.type IS NOT NULL OR f.optional IS NOT NULL"
            + " CALL (f) { REMOVE f.type, f.optional } IN TRANSACTIONS OF 10000 ROWS");
  }

  private GraphSchema() {}

  /** The definitions a graph with these constraints and indexes (by name) still lacks. */
  static List<Definition> missing(Set<String> existing) {
    return DEFINITIONS.stream().filter(d -> !existing.contains(d.name())).toList();
  }

  /** What a start does to a graph, over Bolt or in process. */
  interface Target {

    /** The names of the graph's constraints and indexes. */
    Set<String> names();

    void create(Definition definition);

    void drop(String name);

    /** Whether the graph holds no node at all (a new one, say). */
    boolean empty();

    /** The ids of the fixes and migrations the graph has had. */
    Set<String> migrated();

    /** Runs a fix or migration (in Cypher) and records it by id. */
    void migrate(String id, String cypher);

    /** Records fixes and migrations as had without running them. */
    void record(List<String> ids);

    void awaitIndexes();
  }

  /** Makes what is missing through {@code target} and waits until the indexes are online. */
  static void create(Target target) {
    Set<String> existing = target.names();
    for (String name : DROPPED) {
      if (existing.contains(name)) {
        target.drop(name);
      }
    }
    boolean empty = target.empty();
    Set<String> migrated = target.migrated();
    List<String> skipped = new ArrayList<>();
    for (var fix : FIXES.entrySet()) {
      if (empty) {
        skipped.add(fix.getKey());
      } else if (!migrated.contains(fix.getKey())) {
        target.migrate(fix.getKey(), fix.getValue());
      }
    }
    for (Definition definition : missing(existing)) {
      target.create(definition);
    }
    for (var migration : MIGRATIONS.entrySet()) {
      if (empty) {
        skipped.add(migration.getKey());
      } else if (!migrated.contains(migration.getKey())) {
        target.migrate(migration.getKey(), migration.getValue());
      }
    }
    skipped.removeAll(migrated);
    if (!skipped.isEmpty()) {
      target.record(skipped);
    }
    target.awaitIndexes();
  }

  /** Creates what is missing, in Cypher over Bolt, and waits until the indexes are online. */
  public static void create(Driver driver) {
    try (var session = driver.session()) {
      create(new OverBolt(session));
    }
  }

  /**
   * Creates what is missing in the embedded Neo4j through its Java API (no Cypher to compile on a
   * usual start); fixes and migrations of an earlier version's graph still run in Cypher over
   * {@code driver}, since they commit in batches.
   */
  public static void create(Driver driver, GraphDatabaseService inProcess) {
    try (var session = driver.session()) {
      create(new InProcess(inProcess, new OverBolt(session)));
    }
  }

  private record OverBolt(org.neo4j.driver.Session session) implements Target {

    @Override
    public Set<String> names() {
      Set<String> names = new HashSet<>();
      for (String show :
          List.of(
              "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
              "SHOW INDEXES YIELD name RETURN collect(name) AS names")) {
        names.addAll(session.run(show).single().get("names").asList(v -> v.asString()));
      }
      return names;
    }

    @Override
    public void create(Definition definition) {
      session.run(definition.cypher()).consume();
    }

    @Override
    public void drop(String name) {
      // the name is one of DROPPED's, not input
      session.run("DROP CONSTRAINT " + name + " IF EXISTS").consume();
    }

    @Override
    public boolean empty() {
      return session.run("MATCH (n) RETURN count(n) = 0 AS empty").single().get(0).asBoolean();
    }

    @Override
    public Set<String> migrated() {
      return new HashSet<>(
          session
              .run("MATCH (m:GraphMigration) RETURN collect(m.id) AS ids")
              .single()
              .get("ids")
              .asList(v -> v.asString()));
    }

    @Override
    public void migrate(String id, String cypher) {
      session.run(cypher).consume();
      record(List.of(id));
    }

    @Override
    public void record(List<String> ids) {
      session
          .run("UNWIND $ids AS id MERGE (:GraphMigration {id: id})", Map.of("ids", ids))
          .consume();
    }

    @Override
    public void awaitIndexes() {
      session.run("CALL db.awaitIndexes(300)").consume();
    }
  }

  private record InProcess(GraphDatabaseService database, OverBolt bolt) implements Target {

    private static final Label MIGRATION = Label.label("GraphMigration");

    @Override
    public Set<String> names() {
      Set<String> names = new HashSet<>();
      try (var tx = database.beginTx()) {
        tx.schema().getConstraints().forEach(c -> names.add(c.getName()));
        tx.schema().getIndexes().forEach(i -> names.add(i.getName()));
      }
      return names;
    }

    /**
     * Made through the Java API; where that refuses (an equivalent constraint or index under
     * another name, which Cypher's {@code IF NOT EXISTS} accepts), the statement does it.
     */
    @Override
    public void create(Definition definition) {
      try {
        definition.create(database);
      } catch (RuntimeException refused) {
        bolt.create(definition);
      }
    }

    @Override
    public void drop(String name) {
      try (var tx = database.beginTx()) {
        ConstraintDefinition constraint = tx.schema().getConstraintByName(name);
        constraint.drop();
        tx.commit();
      } catch (RuntimeException notAConstraint) {
        bolt.drop(name); // an index of that name, say: the statement does what Cypher would
      }
    }

    @Override
    public boolean empty() {
      try (var tx = database.beginTx();
          var nodes = tx.getAllNodes().iterator()) {
        return !nodes.hasNext();
      }
    }

    @Override
    public Set<String> migrated() {
      Set<String> ids = new HashSet<>();
      try (var tx = database.beginTx();
          var nodes = tx.findNodes(MIGRATION)) {
        nodes.forEachRemaining(n -> ids.add(String.valueOf(n.getProperty("id", null))));
      }
      return ids;
    }

    @Override
    public void migrate(String id, String cypher) {
      bolt.migrate(id, cypher);
    }

    @Override
    public void record(List<String> ids) {
      try (var tx = database.beginTx()) {
        for (String id : ids) {
          if (tx.findNode(MIGRATION, "id", id) == null) {
            tx.createNode(MIGRATION).setProperty("id", id);
          }
        }
        tx.commit();
      }
    }

    @Override
    public void awaitIndexes() {
      try (var tx = database.beginTx()) {
        tx.schema().awaitIndexesOnline(300, TimeUnit.SECONDS);
      }
    }
  }
}
