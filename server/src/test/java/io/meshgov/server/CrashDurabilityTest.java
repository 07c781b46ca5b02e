package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answered command is a durable event in the embedded default too: the application runs as a
 * process of its own, is killed with SIGKILL right after its last answer (as a crash or an
 * out-of-memory kill would), and after a restart every acknowledged write is there, the graph
 * reaches the last acknowledged position, and the tracking tokens were kept.
 */
class CrashDurabilityTest {

  @TempDir Path dataDir;
  private Process application;

  @AfterEach
  void stopApplication() {
    if (application != null) {
      application.destroyForcibly();
    }
  }

  @Test
  void acknowledged_writes_survive_a_kill_of_the_process() throws Exception {
    int port = freePort();
    application = start(port, "first.log");
    GraphQlClient client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice");
    client.domains("ops", "finance");

    List<Long> positions = new ArrayList<>();
    positions.add(
        position(
            client.query(
                alice,
                "mutation { registerTeam(input: {teamId: \"crash-team\", name: \"Crash\","
                    + " domain: \"ops\"}) { position } }",
                Map.of())));
    for (int i = 0; i < 6; i++) {
      positions.add(
          position(
              client.query(
                  alice,
                  "mutation($id: ID!) { registerDataProduct(input: {productId: $id,"
                      + " owningTeam: \"crash-team\"}) { position } }",
                  Map.of("id", "ops.p" + i))));
    }
    // a transfer request whose deadline (five seconds) passes while the process is dead
    String bob = client.token("bob");
    position(
        client.query(
            bob,
            "mutation { registerTeam(input: {teamId: \"crash-finance\", name: \"Finance\","
                + " domain: \"finance\"}) { position } }",
            Map.of()));
    positions.add(
        position(
            client.query(
                alice,
                "mutation { requestOwnershipTransfer(input: {productId: \"ops.p0\","
                    + " targetTeam: \"crash-finance\", reason: \"finance runs it\"}) { position } }",
                Map.of())));
    // the moment the last answer is in, the process dies without any chance to flush
    application.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(application.isAlive()).isFalse();

    application = start(port, "second.log");
    long last = positions.get(positions.size() - 1);
    // the graph catches up from its kept token after the restart; a query that waits for the last
    // acknowledged position is told to ask again while it has not (five seconds a question): on a
    // busy machine the first questions can come before the feed has caught up
    JsonNode afterRestart =
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    client.query(
                        alice,
                        "query($at: Long) { team(id: \"crash-team\", minPosition: $at) {"
                            + " products } }",
                        Map.of("at", last)),
                answer -> !"UNAVAILABLE".equals(answer.at("/errors/0/extensions/code").asText()));
    assertThat(afterRestart.path("errors").isMissingNode()).as(afterRestart.toString()).isTrue();
    assertThat(afterRestart.at("/data/team/products"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("ops.p0", "ops.p1", "ops.p2", "ops.p3", "ops.p4", "ops.p5");
    // nobody sent the expiry: the deadline, kept in the store's database, fired after the restart
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode trail =
                  client.query(
                      alice,
                      "{ auditTrail(aggregateId: \"ops.p0\") { events { type actor } } }",
                      Map.of());
              assertThat(trail.at("/data/auditTrail/events"))
                  .filteredOn(e -> e.path("type").asText().equals("OwnershipTransferExpiredEvent"))
                  .singleElement()
                  .satisfies(e -> assertThat(e.path("actor").asText()).isEqualTo("system"));
            });
    for (int i = 0; i < 6; i++) {
      JsonNode trail =
          client.query(
              alice,
              "query($id: ID!) { auditTrail(aggregateId: $id) { events { type } } }",
              Map.of("id", "ops.p" + i));
      assertThat(trail.at("/data/auditTrail/events/0/type").asText())
          .isEqualTo("DataProductRegisteredEvent");
    }

    // stopped for good, the store holds the events and the graph feeder's token reached them
    application.destroy();
    application.waitFor(60, TimeUnit.SECONDS);
    try (Connection store =
            DriverManager.getConnection(
                "jdbc:h2:file:async:" + dataDir.resolve("eventstore/meshgov") + ";WRITE_DELAY=0",
                "sa",
                "");
        ResultSet events =
            store
                .createStatement()
                .executeQuery("select max(global_index), count(*) from domain_event_entry");
        ResultSet token =
            store
                .createStatement()
                .executeQuery(
                    "select token from token_entry where processor_name = 'lineage-graph'")) {
      events.next();
      assertThat(events.getLong(1)).isGreaterThan(last); // the expiry came after
      // two domains, team registered + lead added + six products, a second team (two),
      // request, expiry
      assertThat(events.getLong(2)).isEqualTo(14);
      assertThat(token.next()).as("the graph feeder's token").isTrue();
      assertThat(new String(token.getBytes(1), java.nio.charset.StandardCharsets.UTF_8))
          .contains(Long.toString(events.getLong(1)));
    }
    // and the folder is the owner's alone
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx------");
  }

  private static long position(JsonNode answer) {
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.path("data").elements().next().path("position").asLong();
  }

  private Process start(int port, String log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                classpath,
                MeshgovApplication.class.getName(),
                "--meshgov.data-dir=" + dataDir,
                "--meshgov.ownership-transfer.expiry=PT5S",
                "--server.port=" + port,
                "--server.address=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(dataDir.getParent().resolve(dataDir.getFileName() + "-" + log).toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the application exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the application did not start within two minutes");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
