package io.meshgov.query.graph;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.file.Path;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * The way to the lineage graph: a configured Neo4j server, or, when none is configured, Neo4j
 * embedded in this process with its files in the data folder. Either way the application talks to
 * it through the driver over Bolt.
 */
final class GraphConnection implements AutoCloseable {

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

  static GraphConnection embedded(Path home) {
    EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(home);
    return new GraphConnection(neo4j, GraphDatabase.driver(neo4j.boltUri(), AuthTokens.none()));
  }

  Driver driver() {
    return driver;
  }

  @Override
  public void close() {
    driver.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
