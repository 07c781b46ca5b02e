package io.meshgov.query.graph;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphSchema;
import java.nio.file.Path;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The way to the lineage graph: a configured Neo4j server, or, when none is configured, Neo4j
 * embedded in this process with its files in the data folder. Either way the application talks to
 * it through the driver over Bolt.
 */
public final class GraphConnection implements AutoCloseable {

  private final EmbeddedNeo4j embedded;
  private final Driver driver;

  private GraphConnection(EmbeddedNeo4j embedded, Driver driver) {
    this.embedded = embedded;
    this.driver = driver;
  }

  static GraphConnection toServer(String uri, String username, String password) {
    var auth =
        username == null || username.isBlank()
            ? AuthTokens.none()
            : AuthTokens.basic(username, password == null ? "" : password);
    return new GraphConnection(null, GraphDatabase.driver(uri, auth));
  }

  /**
   * Neo4j in this process with authentication on: the secret is generated at the first start and
   * kept in {@code secretFile}, readable by the owner only, so no other local process can use the
   * Bolt port.
   */
  static GraphConnection embedded(Path home, Path secretFile) {
    String secret = LocalSecret.loadOrCreate(secretFile);
    EmbeddedNeo4j neo4j = EmbeddedNeo4j.startWithAuthentication(home, secret);
    return new GraphConnection(
        neo4j, GraphDatabase.driver(neo4j.boltUri(), AuthTokens.basic(EmbeddedNeo4j.USER, secret)));
  }

  Driver driver() {
    return driver;
  }

  /**
   * Makes the graph's missing constraints and indexes: in Cypher on a server, through the Java API
   * when embedded (no Cypher compiled on a usual start, decision 76).
   */
  void createSchema() {
    if (embedded == null) {
      GraphSchema.create(driver);
    } else {
      GraphSchema.create(driver, embedded.database());
    }
  }

  /** Where the embedded Neo4j listens for Bolt, when it is embedded. */
  public java.util.Optional<java.net.URI> embeddedBoltUri() {
    return java.util.Optional.ofNullable(embedded).map(EmbeddedNeo4j::boltUri);
  }

  @Override
  public void close() {
    driver.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
