package io.meshgov.query.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The early start of the embedded Neo4j on a real Neo4j: who gets it, and that a start nobody
 * claimed lets go of its data folder (Neo4j locks its folder while it runs, so opening the folder
 * again is the proof).
 */
class EarlyGraphStartTest {

  @TempDir Path dataDir;

  private GenericApplicationContext prepared(Map<String, Object> settings) {
    GenericApplicationContext context = new GenericApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", settings));
    new EarlyGraphStart().initialize(context);
    return context;
  }

  @Test
  void the_graph_is_claimed_once_and_then_belongs_to_who_claimed_it() {
    GenericApplicationContext context = prepared(Map.of("meshgov.data-dir", dataDir.toString()));
    EarlyGraphStart.Pending pending =
        context.getBeanFactory().getBean(EarlyGraphStart.BEAN, EarlyGraphStart.Pending.class);
    try (GraphConnection connection = pending.claim()) {
      assertThat(connection).isNotNull();
      assertThat(pending.claim()).as("a second claim").isNull();
      context.refresh();
      context.close(); // does not close what was claimed
      try (var session = connection.driver().session()) {
        assertThat(session.run("RETURN 1 AS one").single().get("one").asInt()).isEqualTo(1);
      }
    }
    assertThat(opensAgain()).isTrue();
  }

  @Test
  void a_context_refreshed_without_claiming_the_graph_closes_it() {
    GenericApplicationContext context = prepared(Map.of("meshgov.data-dir", dataDir.toString()));
    context.refresh();
    EarlyGraphStart.Pending pending =
        context.getBean(EarlyGraphStart.BEAN, EarlyGraphStart.Pending.class);
    assertThat(pending.claim()).as("given up at the refresh").isNull();
    context.close();
    assertThat(opensAgain()).isTrue();
  }

  @Test
  void nothing_starts_when_a_server_is_configured_or_the_query_side_is_off() {
    for (Map<String, Object> settings :
        java.util.List.<Map<String, Object>>of(
            Map.of("meshgov.data-dir", dataDir.toString(), "meshgov.neo4j.uri", "bolt://x:7687"),
            Map.of("meshgov.data-dir", dataDir.toString(), "meshgov.query-side.enabled", "false"),
            Map.of("meshgov.data-dir", dataDir.toString(), "meshgov.query-side.enabled", "yes"))) {
      GenericApplicationContext context = prepared(settings);
      assertThat(context.getBeanFactory().containsSingleton(EarlyGraphStart.BEAN)).isFalse();
      context.refresh();
      context.close();
    }
    assertThat(Files.exists(dataDir.resolve("neo4j"))).isFalse();
  }

  @Test
  void one_folder_written_two_ways_is_the_same_folder() {
    Path relative = Path.of("data");
    assertThat(EarlyGraphStart.sameFolder(Path.of("./data"), relative)).isTrue();
    assertThat(EarlyGraphStart.sameFolder(relative.toAbsolutePath(), relative)).isTrue();
    assertThat(EarlyGraphStart.sameFolder(Path.of("other"), relative)).isFalse();
  }

  private boolean opensAgain() {
    try (EmbeddedNeo4j again = EmbeddedNeo4j.start(dataDir.resolve("neo4j"))) {
      return again.boltUri() != null;
    }
  }
}
