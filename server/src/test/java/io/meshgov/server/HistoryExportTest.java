package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.testsupport.GraphQlClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An auditor exports a range for a regulator, and the regulator checks it with the recipe of
 * docs/audit.md (docs/check-export.sh: bash, jq, sha256sum, openssl): it holds as exported, and it
 * no longer holds once the file is edited. The export is in the trail; nobody else may export.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HistoryExportTest {

  @TempDir static Path dataDir;
  @TempDir Path work;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
    registry.add("meshgov.audit.settle", () -> "PT0S");
  }

  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  private HttpResponse<String> export(String token, String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/audit/export?" + query))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private ProcessResult check(Path file) throws Exception {
    Process process =
        new ProcessBuilder(
                "bash",
                Path.of("..", "docs", "check-export.sh").toString(),
                file.toString(),
                dataDir.resolve("keys/audit-public.pem").toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new ProcessResult(process.waitFor(), output);
  }

  record ProcessResult(int status, String output) {}

  @Test
  void a_regulator_checks_an_export_with_standard_tools_and_sees_an_edit() throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice");
    String auditor = client.token("ada", "auditor");
    Instant before = Instant.now().minusSeconds(1);
    client.domains("payments", "finance");
    for (String team : List.of("payments-core", "payments-ops")) {
      client.query(
          alice,
          "mutation($t: ID!) { registerTeam(input: {teamId: $t, name: \"T\", domain: \"payments\"}) { id } }",
          Map.of("t", team));
    }
    client.query(
        alice,
        "mutation { registerTeam(input: {teamId: \"finance\", name: \"F\", domain: \"finance\"}) { id } }",
        Map.of());
    client.query(auditor, "mutation { createCheckpoint { number } }", Map.of());
    String window = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    assertThat(export(alice, window).statusCode()).isEqualTo(403);
    assertThat(export(auditor, "from=yesterday&to=today").statusCode()).isEqualTo(400);

    HttpResponse<String> all = export(auditor, window + "&domain=payments");
    assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
    String exportId = all.headers().firstValue("X-Meshgov-Export-Id").orElseThrow();
    List<String> lines = all.body().lines().toList();
    // the payments domain and its two teams with their leads: five events, then the manifest
    assertThat(lines).hasSize(6);
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.path("specversion").asText()).isEqualTo("1.0");
    assertThat(first.path("type").asText()).isEqualTo("io.meshgov.DomainRegisteredEvent.v1");
    assertThat(first.path("actor").asText()).isEqualTo("root");
    assertThat(first.path("chainlink").asText()).hasSize(64);
    assertThat(lines).noneMatch(l -> l.contains("\"subject\":\"finance\""));
    JsonNode manifest = json.readTree(json.readTree(lines.get(5)).path("signed").asText());
    assertThat(manifest.path("count").asLong()).isEqualTo(5);
    assertThat(manifest.path("exportedBy").asText()).isEqualTo("ada");
    assertThat(manifest.at("/checkpoint/coversExport").asBoolean()).isTrue();
    assertThat(manifest.path("heads").has("payments-core")).isTrue();

    Path file = work.resolve("export.jsonl");
    Files.writeString(file, all.body());
    ProcessResult intact = check(file);
    assertThat(intact.status()).as(intact.output()).isZero();
    assertThat(intact.output()).contains("Verified OK", "events match the manifest: 5 events");

    // the same export from the command line: streamed to a file, checked as it arrives
    Path cliFile = work.resolve("cli.jsonl");
    var summary = new java.io.ByteArrayOutputStream();
    var progress = new java.io.ByteArrayOutputStream();
    int status =
        io.meshgov.command.audit.ExportHistoryCli.run(
            new String[] {
              "--url=http://127.0.0.1:" + port,
              "--from=" + before,
              "--to=" + Instant.now().plusSeconds(60),
              "--domain=payments",
              "--out=" + cliFile,
              "--public-key=" + dataDir.resolve("keys/audit-public.pem")
            },
            auditor,
            new java.io.PrintStream(summary, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(progress, true, StandardCharsets.UTF_8));
    assertThat(status).as(progress.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode cli = json.readTree(summary.toString(StandardCharsets.UTF_8));
    assertThat(cli.path("complete").asBoolean()).isTrue();
    assertThat(cli.path("events").asLong()).isEqualTo(5);
    assertThat(cli.path("exportId").asText()).startsWith("exp_").isNotEqualTo(exportId);
    assertThat(check(cliFile).status()).isZero();
    assertThat(Files.exists(work.resolve("cli.jsonl.partial"))).isFalse();
    // without the role, the command line is refused as the request is, and leaves no file
    int refused =
        io.meshgov.command.audit.ExportHistoryCli.run(
            new String[] {
              "--url=http://127.0.0.1:" + port,
              "--from=" + before,
              "--to=" + Instant.now().plusSeconds(60),
              "--out=" + work.resolve("refused.jsonl")
            },
            alice,
            new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
            new java.io.PrintStream(progress, true, StandardCharsets.UTF_8));
    assertThat(refused).isEqualTo(2);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("403", "NOT_AN_AUDITOR");
    assertThat(Files.exists(work.resolve("refused.jsonl"))).isFalse();

    // the file is edited after the export: the recipe says so
    StringBuilder editedBody = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String line =
          i == 3 ? lines.get(i).replace("\"actor\":\"alice\"", "\"actor\":\"bob\"") : lines.get(i);
      editedBody.append(line).append('\n');
    }
    assertThat(editedBody.toString()).isNotEqualTo(all.body());
    Files.writeString(file, editedBody.toString());
    ProcessResult edited = check(file);
    assertThat(edited.status()).isNotZero();
    assertThat(edited.output()).contains("the events were changed after the export");
    // and a forged manifest does not verify
    Files.writeString(file, all.body().replace("\\\"count\\\":5", "\\\"count\\\":4"));
    ProcessResult forged = check(file);
    assertThat(forged.status()).as(forged.output()).isNotZero();
    assertThat(forged.output()).contains("Verification failure");

    // the export itself is in the trail: who, when, what range
    JsonNode trail =
        client.query(
            auditor,
            "query($id: ID!) { auditTrail(aggregateId: $id) { events { type actor payload } } }",
            Map.of("id", "export:" + exportId));
    assertThat(trail.at("/data/auditTrail/events/0/type").asText())
        .as(trail.toString())
        .contains("HistoryExported");
    assertThat(trail.at("/data/auditTrail/events/0/actor").asText()).isEqualTo("ada");
    assertThat(trail.at("/data/auditTrail/events/0/payload").asText())
        .contains("\"domain\":\"payments\"");
  }
}
