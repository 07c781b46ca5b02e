package io.meshgov.lineage;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * One embedded Neo4j per test JVM, in a temporary folder, reached only through the driver over Bolt
 * on 127.0.0.1. Tests wipe the graph they use with {@link #freshGraph()}.
 */
public final class Neo4jTestServer {

  private static EmbeddedNeo4j server;
  private static Driver driver;

  private Neo4jTestServer() {}

  public static synchronized Driver driver() {
    if (driver == null) {
      try {
        Path home = Files.createTempDirectory("meshgov-neo4j-test");
        server = EmbeddedNeo4j.start(home);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    driver.close();
                    server.close();
                  }));
      GraphSchema.create(driver);
    }
    return driver;
  }

  public static EmbeddedNeo4j server() {
    driver();
    return server;
  }

  /** Deletes every node, keeping constraints and indexes. */
  public static Driver freshGraph() {
    new GraphProjector(driver()).dropAll();
    return driver;
  }
}
