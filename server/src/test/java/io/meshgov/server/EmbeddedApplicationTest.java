package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DomainName;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.command.infrastructure.GovernanceCommands;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.TestDomains;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application on its embedded defaults, as the README's run command starts it. */
// each class has its own data folder: close its application (Neo4j, H2, Tomcat) when done
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedApplicationTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired Environment environment;
  @Autowired GovernanceCommands commands;

  @Test
  void starts_on_the_embedded_profile_with_its_store_under_the_data_folder() throws Exception {
    assertThat(environment.getActiveProfiles()).isEmpty();
    assertThat(environment.getDefaultProfiles()).containsExactly("embedded");

    TestDomains.register(commands, "payments");
    var outcome =
        commands.send(
            new RegisterTeamCommand(
                TeamId.of("payments-core"), "Payments", DomainName.of("payments")),
            "alice",
            "first team");
    assertThat(outcome.position()).isPositive();
    assertThat(Files.exists(dataDir.resolve("eventstore/meshgov.mv.db"))).isTrue();

    HttpResponse<String> status =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    // without a token only the status: no components, paths, sizes or ports
    assertThat(status.body()).isEqualTo("{\"status\":\"UP\"}");
    String operator = new GraphQlClient(port, dataDir).token("ops", "operator");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .header("Authorization", "Bearer " + operator)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> graphiql =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphiql"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(graphiql.statusCode()).isEqualTo(200);
    assertThat(graphiql.body()).containsIgnoringCase("graphiql");
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .contains("\"db\"")
        .contains("\"eventStore\"")
        .contains("\"projection\"")
        .contains("\"neo4j\"");
  }
}
