package io.meshgov.lineage.embedded;

import java.net.URI;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j inside this JVM, reachable only through its Bolt connector on 127.0.0.1 and a free port.
 * Everything else talks to it through the Java driver, exactly as to a server; this class only
 * starts and stops it.
 */
public final class EmbeddedNeo4j implements AutoCloseable {

  private final DatabaseManagementService management;
  private final GraphDatabaseService database;
  private final URI boltUri;

  private EmbeddedNeo4j(DatabaseManagementService management) {
    this.management = management;
    this.database = management.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
    var port =
        ((GraphDatabaseAPI) database)
            .getDependencyResolver()
            .resolveDependency(ConnectorPortRegister.class)
            .getLocalAddress(ConnectorType.BOLT);
    this.boltUri = URI.create("bolt://127.0.0.1:" + port.getPort());
  }

  /** Starts Neo4j with its files under {@code home}; Bolt on 127.0.0.1, no HTTP, no TLS. */
  public static EmbeddedNeo4j start(Path home) {
    DatabaseManagementService management =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .build();
    return new EmbeddedNeo4j(management);
  }

  public URI boltUri() {
    return boltUri;
  }

  /** The database in process, for measurements that need Neo4j's own traversal API. */
  public GraphDatabaseService database() {
    return database;
  }

  @Override
  public void close() {
    management.shutdown();
  }
}
