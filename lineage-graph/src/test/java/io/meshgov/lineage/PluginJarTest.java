package io.meshgov.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.Neo4jLineageQueries;
import io.meshgov.lineage.query.Neo4jLineageWalks;
import io.meshgov.procedures.LineageProcedures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A Neo4j server gets the walk's procedure from graph-procedures' jar in its plugins folder: a
 * Neo4j started as a server is (from its settings, with nothing registered by this application)
 * finds the procedure in a jar holding the module's classes, and walks over Bolt use it.
 */
class PluginJarTest {

  @Test
  void a_neo4j_with_the_jar_in_its_plugins_folder_walks_with_the_procedure(@TempDir Path home)
      throws Exception {
    Path plugins = Files.createDirectories(home.resolve("plugins"));
    Path jar = plugins.resolve("meshgov-graph-procedures.jar");
    pluginJar(jar);
    // the jar holds the procedure's classes and nothing of the application besides (this JVM
    // has them on its class path too, so the classes Neo4j loads may come from there)
    try (var entries = new java.util.jar.JarFile(jar.toFile())) {
      assertThat(
              entries.stream()
                  .map(java.util.jar.JarEntry::getName)
                  .filter(n -> n.endsWith(".class")))
          .containsExactlyInAnyOrder(
              "io/meshgov/procedures/LineageProcedures.class",
              "io/meshgov/procedures/LineageProcedures$Reach.class");
    }
    DatabaseManagementService server =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
            .setConfig(HttpConnector.enabled, false)
            .build();
    try {
      var port =
          ((GraphDatabaseAPI) server.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME))
              .getDependencyResolver()
              .resolveDependency(ConnectorPortRegister.class)
              .getLocalAddress(ConnectorType.BOLT)
              .getPort();
      try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none())) {
        try (var session = driver.session()) {
          session
              .run(
                  """
                  CREATE (:DataProduct {id: 'mesh.a'})-[:FEEDS {since: 0}]->(:DataProduct {id: 'mesh.b'})
                         -[:FEEDS {since: 0}]->(:DataProduct {id: 'mesh.c'})
                  """)
              .consume();
        }
        Neo4jLineageWalks walks = new Neo4jLineageWalks(driver, 10);
        LineageResult result =
            new Neo4jLineageQueries(driver, walks)
                .lineage(DataProductId.of("mesh.a"), Direction.DOWNSTREAM, null, null);

        assertThat(walks.usesProcedure()).isTrue();
        assertThat(result.nodes())
            .extracting(LineageResult.Node::id, LineageResult.Node::depth)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("mesh.b", 1),
                org.assertj.core.groups.Tuple.tuple("mesh.c", 2));
      }
    } finally {
      server.shutdown();
    }
  }

  /**
   * The module's classes as a jar: the packaged jar itself where Maven built one, else (a run of
   * {@code test} only) the same classes from the module's output folder.
   */
  private static void pluginJar(Path target) throws IOException {
    Path source;
    try {
      source =
          Path.of(
              LineageProcedures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isRegularFile(source)) {
      Files.copy(source, target);
      return;
    }
    try (OutputStream out = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
  }
}
