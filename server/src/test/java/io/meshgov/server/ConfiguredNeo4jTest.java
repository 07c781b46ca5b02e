package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgov.api.DomainName;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.lineage.embedded.EmbeddedNeo4j;
import io.meshgov.testsupport.TestDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** With a Neo4j URI configured, the application uses that server and starts no graph of its own. */
class ConfiguredNeo4jTest {

  @TempDir Path serverHome;
  @TempDir Path dataDir;

  @Test
  void a_configured_neo4j_server_is_used_instead_of_the_embedded_one() {
    try (EmbeddedNeo4j server = EmbeddedNeo4j.start(serverHome);
        var app =
            new SpringApplicationBuilder(MeshgovApplication.class)
                .web(WebApplicationType.NONE)
                .run("--meshgov.data-dir=" + dataDir, "--meshgov.neo4j.uri=" + server.boltUri());
        var driver = GraphDatabase.driver(server.boltUri(), AuthTokens.none())) {
      TestDomains.register(app.getBean(GovernanceCommands.class), "ops");
      app.getBean(GovernanceCommands.class)
          .send(
              new RegisterTeamCommand(TeamId.of("remote"), "Remote", DomainName.of("ops")),
              "alice",
              null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                try (var session = driver.session()) {
                  return session
                          .run("MATCH (t:Team {id: 'remote'}) RETURN count(t) AS c")
                          .single()
                          .get("c")
                          .asLong()
                      == 1;
                }
              });
      assertThat(Files.exists(dataDir.resolve("eventstore"))).isTrue();
      assertThat(Files.exists(dataDir.resolve("neo4j"))).isFalse();
    }
  }
}
