package io.meshgov.lineage.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.io.layout.Neo4jLayout;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.exception.InvalidAuthTokenException;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Neo4j's one user and its secret without a Cypher statement: what {@code neo4j-admin
 * dbms set-initial-password} does before a server's first start, and a sign-in asked in process.
 * Uses Neo4j's own classes for the file (its format is theirs), pinned with the Neo4j version.
 */
final class InitialUser {

  private InitialUser() {}

  private static final Logger log = LoggerFactory.getLogger(InitialUser.class);

  /**
   * Writes Neo4j's initial-user file under {@code home} with the user {@code neo4j} and {@code
   * secret} (no change required) when Neo4j has not created its system database yet, and returns
   * the file; otherwise (a restart: Neo4j would not use it) writes nothing, deletes a file a start
   * that was stopped half-way left, and returns {@code null}. The file holds a salted hash of the
   * secret; it is written in a folder only the owner can open (Neo4j writes it through a temporary
   * file with the process's default permissions). A file that cannot be written is logged and
   * answered with {@code null}: the caller then sets the secret with a statement.
   */
  static Path offer(Path home, String secret) {
    Config config =
        Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home.toAbsolutePath()).build();
    Path system =
        Neo4jLayout.of(config)
            .databasesDirectory()
            .resolve(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
    if (Files.exists(system)) {
      withdraw(file);
      return null;
    }
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.setPosixFilePermissions(
            file.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // a file system without POSIX permissions: nothing to narrow
      }
      Files.deleteIfExists(file);
      var users =
          new FileUserRepository(
              new DefaultFileSystemAbstraction(),
              file,
              NullLogProvider.getInstance(),
              EmptyMemoryTracker.INSTANCE);
      users.start();
      try {
        users.create(
            new User(
                EmbeddedNeo4j.USER,
                null,
                SystemGraphCredential.createCredentialForPassword(
                    secret.getBytes(StandardCharsets.UTF_8), new SecureHasher()),
                false,
                false));
      } finally {
        users.shutdown();
      }
      return file;
    } catch (Exception e) {
      log.warn(
          "the embedded graph's initial-user file could not be written ({}); its secret is set"
              + " by a statement instead",
          e.getClass().getSimpleName());
      withdraw(file);
      return null;
    }
  }

  /**
   * Deletes the file {@link #offer} wrote, once Neo4j has read it (or failed to start). Never
   * fails: a file that stays is logged (the next start deletes it).
   */
  static void withdraw(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      log.warn("the embedded graph's initial-user file {} could not be deleted", file);
    }
  }

  /** Whether {@code secret} signs the user in, asked of Neo4j's own authentication in process. */
  static boolean signsIn(DatabaseManagementService management, String secret) {
    var database =
        (GraphDatabaseAPI) management.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    AuthManager auth = database.getDependencyResolver().resolveDependency(AuthManager.class);
    try {
      var login =
          auth.login(
              Map.of(
                  "scheme",
                  "basic",
                  "principal",
                  EmbeddedNeo4j.USER,
                  "credentials",
                  secret.getBytes(StandardCharsets.UTF_8)),
              ClientConnectionInfo.EMBEDDED_CONNECTION);
      return login.subject().getAuthenticationResult() == AuthenticationResult.SUCCESS;
    } catch (InvalidAuthTokenException e) {
      return false;
    }
  }
}
