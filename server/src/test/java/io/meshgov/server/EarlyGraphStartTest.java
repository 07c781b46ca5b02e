package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The embedded Neo4j starts on a thread of its own while the context is made: the application that
 * starts uses it (every other embedded test shows that), and one that fails to start closes it, so
 * the next start can open the same data folder.
 */
class EarlyGraphStartTest {

  @TempDir Path dataDir;

  @Test
  void an_application_that_fails_to_start_closes_the_graph_it_began_to_start() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(MeshgovApplication.class)
                    .web(WebApplicationType.NONE)
                    // refused while the context is made, after the graph's start has begun
                    .run("--meshgov.data-dir=" + dataDir, "--meshgov.lineage.max-depth=0"))
        .hasStackTraceContaining("meshgov.lineage.max-depth");

    assertThat(Files.exists(dataDir.resolve("neo4j"))).isTrue();
    // Neo4j holds a lock on its folder while it runs: a second one opens it only once it is closed
    try (EmbeddedNeo4j again = EmbeddedNeo4j.start(dataDir.resolve("neo4j"))) {
      assertThat(again.boltUri()).isNotNull();
    }
  }
}
