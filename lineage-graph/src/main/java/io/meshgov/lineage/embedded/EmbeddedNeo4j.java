package io.meshgov.lineage.embedded;

import io.meshgov.procedures.LineageProcedures;
import java.net.URI;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.kernel.api.exceptions.ProcedureException;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j inside this JVM, reachable only through its Bolt connector on 127.0.0.1 and a free port.
 * Everything else talks to it through the Java driver, exactly as to a server; this class only
 * starts and stops it, and registers the lineage walk's procedure ({@link LineageProcedures}).
 */
public final class EmbeddedNeo4j implements AutoCloseable {

  private final DatabaseManagementService management;
  private final GraphDatabaseService database;
  private final URI boltUri;

  /** Takes over a started Neo4j; shuts it down if anything here fails, so no thread is left. */
  private EmbeddedNeo4j(DatabaseManagementService management) {
    this.management = management;
    try {
      this.database = management.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      var dependencies = ((GraphDatabaseAPI) database).getDependencyResolver();
      dependencies
          .resolveDependency(GlobalProcedures.class)
          .registerProcedure(LineageProcedures.class);
      var port =
          dependencies
              .resolveDependency(ConnectorPortRegister.class)
              .getLocalAddress(ConnectorType.BOLT);
      this.boltUri = URI.create("bolt://127.0.0.1:" + port.getPort());
    } catch (ProcedureException e) {
      var failure = new IllegalStateException("the lineage procedure could not be registered", e);
      shutDown(management, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      shutDown(management, e);
      throw e;
    }
  }

  /** Shuts down after a failed start; a failure of the shutdown is kept beside the first one. */
  private static void shutDown(DatabaseManagementService management, Throwable cause) {
    try {
      management.shutdown();
    } catch (RuntimeException | Error e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Starts Neo4j with its files under {@code home}; Bolt on 127.0.0.1, no HTTP, no TLS, and no
   * authentication: for tests and benchmarks that own the machine.
   */
  public static EmbeddedNeo4j start(Path home) {
    return new EmbeddedNeo4j(builder(home).build());
  }

  /**
   * Starts Neo4j as {@link #start} but with authentication on: the user {@code neo4j} has {@code
   * secret} (at least 8 characters) once this returns, so only who holds the secret (the
   * application) can read or change the graph over Bolt. Failed logins never lock the user out, so
   * another local process cannot keep the application from connecting by guessing.
   *
   * <p>No Cypher runs for it on a usual start (compiling the one statement on the system database
   * took a third of the embedded start, decision 76): a first start hands Neo4j the user in its
   * initial-user file, which Neo4j reads when it creates its system database (and the file is
   * deleted right after); a restart asks Neo4j in process whether the secret signs in, and only
   * when it does not (the secret file replaced, say) sets it with {@code CREATE OR REPLACE USER}.
   */
  public static EmbeddedNeo4j startWithAuthentication(Path home, String secret) {
    Path initialUsers = InitialUser.offer(home, secret);
    DatabaseManagementService management;
    try {
      management =
          builder(home)
              .setConfig(GraphDatabaseSettings.auth_enabled, true)
              .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
              .build();
    } finally {
      InitialUser.withdraw(initialUsers);
    }
    try {
      if (!InitialUser.signsIn(management, secret)) {
        management
            .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
            .executeTransactionally(
                "CREATE OR REPLACE USER neo4j SET PLAINTEXT PASSWORD $secret CHANGE NOT REQUIRED",
                java.util.Map.of("secret", secret));
      }
    } catch (RuntimeException | Error e) {
      shutDown(management, e);
      throw e;
    }
    return new EmbeddedNeo4j(management);
  }

  /** The user the application signs in as when authentication is on. */
  public static final String USER = "neo4j";

  private static DatabaseManagementServiceBuilder builder(Path home) {
    return new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        // Bolt's Netty groups otherwise wait 5 s of quiet each (boss, then worker) on shutdown
        .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
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
