package io.meshgov.lineage.projection;

import java.util.List;
import org.neo4j.driver.Driver;

/**
 * Constraints and indexes of the lineage graph, created if missing at start-up. Unique ids for
 * every node type, a lookup index for what queries filter on, and a full-text index over product
 * names, descriptions and tags for search (now, and as of a time over the products' revisions).
 */
public final class GraphSchema {

  static final List<String> STATEMENTS =
      List.of(
          "CREATE CONSTRAINT data_product_id IF NOT EXISTS FOR (n:DataProduct) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT team_id IF NOT EXISTS FOR (n:Team) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT domain_id IF NOT EXISTS FOR (n:Domain) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT field_id IF NOT EXISTS FOR (n:Field) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT sla_id IF NOT EXISTS FOR (n:ServiceLevelAgreement) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT dataset_id IF NOT EXISTS FOR (n:Dataset) REQUIRE n.id IS UNIQUE",
          "CREATE INDEX dataset_namespace IF NOT EXISTS FOR (n:Dataset) ON (n.namespace)",
          "CREATE FULLTEXT INDEX dataset_text IF NOT EXISTS FOR (n:Dataset)"
              + " ON EACH [n.namespace, n.name, n.searchText]",
          "CREATE CONSTRAINT job_id IF NOT EXISTS FOR (n:Job) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT field_mapping_id IF NOT EXISTS FOR (n:FieldMapping) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT subscription_id IF NOT EXISTS FOR (n:Subscription) REQUIRE n.id IS UNIQUE",
          // transfer ids are chosen by clients: a request is keyed by product, id and position
          "DROP CONSTRAINT transfer_id IF EXISTS",
          "MATCH (x:OwnershipTransfer)-[:OF]->(p:DataProduct)"
              + " WHERE x.key IS NULL OR NOT x.key CONTAINS '@'"
              + " SET x.key = p.id + '/' + x.id + '@' + x.requestPosition",
          "CREATE CONSTRAINT transfer_key IF NOT EXISTS FOR (n:OwnershipTransfer) REQUIRE n.key IS UNIQUE",
          "CREATE CONSTRAINT parked_id IF NOT EXISTS FOR (n:ParkedAggregate) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT progress_id IF NOT EXISTS FOR (n:ProjectionProgress) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT graph_position_id IF NOT EXISTS FOR (n:GraphPosition) REQUIRE n.id IS UNIQUE",
          // graphs written before the graph's position had a node of its own kept it in a
          // progress node with the id '$graph'
          "MATCH (old:ProjectionProgress {id: '$graph'})"
              + " MERGE (g:GraphPosition {id: 'graph'})"
              + " SET g.position = CASE WHEN coalesce(g.position, -1) < old.position"
              + " THEN old.position ELSE g.position END"
              + " DELETE old",
          "CREATE CONSTRAINT inbox_item_id IF NOT EXISTS FOR (n:InboxItem) REQUIRE n.id IS UNIQUE",
          "CREATE CONSTRAINT inbox_read_id IF NOT EXISTS FOR (n:InboxRead) REQUIRE n.id IS UNIQUE",
          "CREATE INDEX inbox_item_person IF NOT EXISTS FOR (n:InboxItem) ON (n.person, n.position)",
          "CREATE INDEX inbox_item_position IF NOT EXISTS FOR (n:InboxItem) ON (n.position)",
          "CREATE INDEX data_product_domain IF NOT EXISTS FOR (n:DataProduct) ON (n.domain)",
          "CREATE INDEX data_product_lifecycle IF NOT EXISTS FOR (n:DataProduct) ON (n.lifecycle)",
          "CREATE INDEX field_product IF NOT EXISTS FOR (n:Field) ON (n.productId)",
          "CREATE FULLTEXT INDEX data_product_text IF NOT EXISTS FOR (n:DataProduct)"
              + " ON EACH [n.id, n.name, n.description, n.tagText]",
          "CREATE FULLTEXT INDEX product_revision_text IF NOT EXISTS FOR (n:ProductRevision)"
              + " ON EACH [n.productId, n.name, n.description, n.tagText]");

  /**
   * One-time migrations of graphs written by earlier versions, by id: each runs at most once per
   * graph (a {@code GraphMigration} node records it), so a start does not scan the graph again.
   */
  static final java.util.Map<String, String> MIGRATIONS =
      java.util.Map.of(
          "job-owners-at",
          // a job's owners are kept with the time of the report that named them (decision 66);
          // graphs written before took them from the newest report: that one's time stands in
          "MATCH (j:Job) WHERE j.owners IS NOT NULL AND j.ownersAt IS NULL"
              + " CALL (j) { SET j.ownersAt = j.lastSeen, j.ownersPosition = j.lastPosition }"
              + " IN TRANSACTIONS OF 10000 ROWS",
          "observed-progress",
          // observed lineage (OpenLineage runs, jobs, datasets) keeps no progress per aggregate
          // any more: its statement ends the same in any order and however often it is applied
          "MATCH (p:ProjectionProgress) WHERE p.id STARTS WITH 'olrun:'"
              + " OR p.id STARTS WITH 'oljob:' OR p.id STARTS WITH 'olds:'"
              + " CALL (p) { DELETE p } IN TRANSACTIONS OF 10000 ROWS",
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

  private GraphSchema() {}

  /** A statement that makes or drops one named constraint or index, and that name. */
  private static final java.util.regex.Pattern NAMED =
      java.util.regex.Pattern.compile(
          "^(?:CREATE (?:FULLTEXT |RANGE |TEXT |POINT )?(?:CONSTRAINT|INDEX) (\\w+) IF NOT EXISTS"
              + "|DROP (?:CONSTRAINT|INDEX) (\\w+) IF EXISTS)");

  /**
   * The statements a graph with these constraints and indexes still needs: a {@code CREATE ... IF
   * NOT EXISTS} whose name exists, or a {@code DROP ... IF EXISTS} whose name does not, would
   * change nothing, and each costs a compilation at every start (2 s of a restart's 2-core start).
   */
  static List<String> needed(java.util.Set<String> existing) {
    List<String> needed = new java.util.ArrayList<>();
    for (String statement : STATEMENTS) {
      java.util.regex.Matcher named = NAMED.matcher(statement);
      if (!named.find()) {
        needed.add(statement);
      } else if (named.group(1) != null
          ? !existing.contains(named.group(1))
          : existing.contains(named.group(2))) {
        needed.add(statement);
      }
    }
    return needed;
  }

  /** Creates what is missing and waits until the indexes are online. */
  public static void create(Driver driver) {
    try (var session = driver.session()) {
      java.util.Set<String> existing = new java.util.HashSet<>();
      for (String show :
          List.of(
              "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names",
              "SHOW INDEXES YIELD name RETURN collect(name) AS names")) {
        existing.addAll(session.run(show).single().get("names").asList(v -> v.asString()));
      }
      for (String statement : needed(existing)) {
        session.run(statement).consume();
      }
      for (var migration : MIGRATIONS.entrySet()) {
        boolean done =
            session
                .run(
                    "MATCH (m:GraphMigration {id: $id}) RETURN count(m) > 0 AS done",
                    java.util.Map.of("id", migration.getKey()))
                .single()
                .get("done")
                .asBoolean();
        if (!done) {
          session.run(migration.getValue()).consume();
          session
              .run("MERGE (:GraphMigration {id: $id})", java.util.Map.of("id", migration.getKey()))
              .consume();
        }
      }
      session.run("CALL db.awaitIndexes(300)").consume();
    }
  }
}
