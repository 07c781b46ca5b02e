package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's sample session, run as written against the embedded application. */
// each class has its own data folder: close its application (Neo4j, H2, Tomcat) when done
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleSessionTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  @Test
  void the_sample_session_works_as_written() throws Exception {
    ProcessBuilder session =
        new ProcessBuilder("bash", Path.of("..", "docs", "sample-session.sh").toString())
            .redirectErrorStream(true);
    session.environment().put("MESHGOV_URL", "http://127.0.0.1:" + port);
    session.environment().put("MESHGOV_DATA_DIR", dataDir.toString());
    Process process = session.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output)
        .contains("\"id\":\"finance.ledger\",\"depth\":2")
        .contains(
            "\"path\":[\"payments.card-authorisations\",\"payments.settlements\",\"finance.ledger\"]")
        .contains("\"code\":\"BREAKING_CHANGE\"")
        .contains("\"rejection\":\"SELF_APPROVAL\"")
        .contains("\"currentOwner\":\"finance\"")
        .contains("\"type\":\"OwnershipTransferAcceptedEvent\"")
        .contains("\"reason\":\"agreed in the steering meeting\"")
        .contains("\"kind\":\"SUBSCRIPTION_REQUESTED\"")
        .doesNotContain("UNAUTHENTICATED", "INTERNAL");
  }
}
