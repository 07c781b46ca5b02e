package io.meshgov.lineage;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.projection.GraphSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Neo4jContainer;

/**
 * The Neo4j server of the test JVM, reached only through the driver over Bolt. One switch decides
 * which: {@code -Dmeshgov.test.neo4j=container} a Neo4j 5 container image, {@code =embedded} Neo4j
 * embedded in this JVM (Bolt on 127.0.0.1, files in a temporary folder), {@code =auto} (default)
 * the container where a Docker engine exists, else embedded. Tests wipe the graph with {@link
 * #freshGraph()}.
 */
public final class Neo4jTestServer {

  private static Driver driver;
  private static Runnable stopServer = () -> {};

  private Neo4jTestServer() {}

  public static synchronized Driver driver() {
    if (driver == null) {
      URI bolt = useContainer() ? startContainer() : startEmbedded();
      driver = GraphDatabase.driver(bolt, AuthTokens.none());
      // one hook, in order: the driver's goodbye must not land in the server's shutdown
      Driver opened = driver;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    opened.close();
                    closeServer();
                  }));
      GraphSchema.create(driver);
    }
    return driver;
  }

  private static void closeServer() {
    stopServer.run();
  }

  private static boolean useContainer() {
    String mode = System.getProperty("meshgov.test.neo4j", "auto");
    return mode.equals("container")
        || (mode.equals("auto") && DockerClientFactory.instance().isDockerAvailable());
  }

  private static URI startEmbedded() {
    try {
      EmbeddedNeo4j server = EmbeddedNeo4j.start(Files.createTempDirectory("meshgov-neo4j-test"));
      stopServer = server::close;
      return server.boltUri();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URI startContainer() {
    Neo4jContainer<?> container = new Neo4jContainer<>("neo4j:5.26").withoutAuthentication();
    container.start();
    stopServer = container::stop;
    return URI.create(container.getBoltUrl());
  }

  /** Deletes every node (read marks and migration records too), keeping constraints and indexes. */
  public static Driver freshGraph() {
    new GraphProjector(driver()).dropAll();
    try (var session = driver.session()) {
      session.run("MATCH (n) WHERE n:InboxRead OR n:GraphMigration DELETE n").consume();
    }
    return driver;
  }
}
