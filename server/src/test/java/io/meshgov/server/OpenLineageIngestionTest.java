package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A pipeline reports with the stock OpenLineage Java client (HTTP transport, our URL and a token as
 * its API key); what it reported is read back through GraphQL. Redeliveries change nothing; bad
 * events are refused with every violation and store nothing.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenLineageIngestionTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  static final String KAFKA = "kafka://broker:9092";
  static final String TOPIC = "payments.settlements.v1";
  static final String POSTGRES = "postgres://db:5432";
  static final String LEDGER = "finance.public.ledger";

  private final OpenLineage ol =
      new OpenLineage(
          URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java"));

  private OpenLineageClient client(String token) {
    HttpConfig config = new HttpConfig();
    config.setUrl(URI.create("http://127.0.0.1:" + port));
    ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
    auth.setApiKey(token);
    config.setAuth(auth);
    return OpenLineageClient.builder().transport(new HttpTransport(config)).build();
  }

  private OpenLineage.RunEvent run(
      UUID runId, OpenLineage.RunEvent.EventType type, ZonedDateTime at) {
    var mapping =
        ol.newColumnLineageDatasetFacetFieldsBuilder()
            .put(
                "amount",
                ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder()
                    .inputFields(
                        List.of(
                            ol.newInputFieldBuilder()
                                .namespace(KAFKA)
                                .name(TOPIC)
                                .field("amount")
                                .build()))
                    .build())
            .build();
    var ledgerFacets =
        ol.newDatasetFacetsBuilder()
            .schema(
                ol.newSchemaDatasetFacetBuilder()
                    .fields(
                        List.of(
                            ol.newSchemaDatasetFacetFieldsBuilder()
                                .name("amount")
                                .type("DECIMAL")
                                .build(),
                            ol.newSchemaDatasetFacetFieldsBuilder()
                                .name("booked")
                                .type("TIMESTAMP")
                                .build()))
                    .build())
            .columnLineage(ol.newColumnLineageDatasetFacetBuilder().fields(mapping).build())
            .ownership(
                ol.newOwnershipDatasetFacetBuilder()
                    .owners(
                        List.of(
                            ol.newOwnershipDatasetFacetOwnersBuilder()
                                .name("team:finance")
                                .type("TEAM")
                                .build()))
                    .build())
            .build();
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(at)
        .run(ol.newRunBuilder().runId(runId).build())
        .job(ol.newJobBuilder().namespace("airflow://prod").name("ledger_loader.löad").build())
        .inputs(List.of(ol.newInputDatasetBuilder().namespace(KAFKA).name(TOPIC).build()))
        .outputs(
            List.of(
                ol.newOutputDatasetBuilder()
                    .namespace(POSTGRES)
                    .name(LEDGER)
                    .facets(ledgerFacets)
                    .build()))
        .build();
  }

  private long storedEvents() {
    return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
  }

  @Test
  void a_pipeline_reports_with_the_stock_client_and_the_flows_are_read_back() throws Exception {
    var graphql = new GraphQlClient(port, dataDir);
    String airflow = graphql.token("airflow");
    UUID runId = UUID.randomUUID();
    ZonedDateTime started = ZonedDateTime.now().minusMinutes(5);
    try (OpenLineageClient pipeline = client(airflow)) {
      pipeline.emit(run(runId, OpenLineage.RunEvent.EventType.START, started));
      pipeline.emit(run(runId, OpenLineage.RunEvent.EventType.COMPLETE, started.plusMinutes(2)));
    }
    String dataset =
        "query($ns: String!, $n: String!) { dataset(namespace: $ns, name: $n) {"
            + " product claimedOwners observedSchema { name type }"
            + " observedBy { jobNamespace jobName direction lastRun lastState since lastSeen }"
            + " observedMappings { field inputNamespace inputName inputField } } }";
    JsonNode ledger =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    graphql
                        .query(airflow, dataset, Map.of("ns", POSTGRES, "n", LEDGER))
                        .at("/data/dataset"),
                d ->
                    !d.isMissingNode()
                        && !d.isNull()
                        && "COMPLETE".equals(d.at("/observedBy/0/lastState").asText()));
    assertThat(ledger.path("product").isNull()).isTrue();
    assertThat(ledger.path("claimedOwners").get(0).asText()).isEqualTo("team:finance");
    assertThat(ledger.path("observedSchema").findValuesAsText("name"))
        .containsExactly("amount", "booked");
    assertThat(ledger.at("/observedBy/0/jobName").asText()).isEqualTo("ledger_loader.löad");
    assertThat(ledger.at("/observedBy/0/direction").asText()).isEqualTo("WRITES");
    assertThat(ledger.at("/observedBy/0/lastRun").asText()).isEqualTo(runId.toString());
    assertThat(ledger.at("/observedBy/0/since").asText())
        .isEqualTo(
            started.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    assertThat(ledger.at("/observedMappings/0/inputName").asText()).isEqualTo(TOPIC);
    assertThat(ledger.at("/observedMappings/0/inputField").asText()).isEqualTo("amount");
    JsonNode job =
        graphql.query(
            airflow,
            "{ job(namespace: \"airflow://prod\", name: \"ledger_loader.löad\")"
                + " { flows { datasetName direction } } }",
            Map.of());
    assertThat(job.at("/data/job/flows").findValuesAsText("datasetName"))
        .containsExactlyInAnyOrder(TOPIC, LEDGER);
    // both datasets are known now, and nobody owns them yet
    JsonNode counts =
        graphql.query(airflow, "{ unownedDatasetCounts { namespace unowned } }", Map.of());
    assertThat(counts.at("/data/unownedDatasetCounts").findValuesAsText("namespace"))
        .contains(KAFKA, POSTGRES);

    // the run is in the trail, reported by the token's person
    JsonNode trail =
        graphql.query(
            airflow,
            "query($id: ID!) { auditTrail(aggregateId: $id) { events { type actor } } }",
            Map.of("id", "olrun:" + runId));
    assertThat(trail.at("/data/auditTrail/events").findValuesAsText("type"))
        .containsExactly("RunObservedEvent", "RunObservedEvent");
    assertThat(trail.at("/data/auditTrail/events/0/actor").asText()).isEqualTo("airflow");

    // a redelivery changes nothing
    long before = storedEvents();
    try (OpenLineageClient pipeline = client(airflow)) {
      pipeline.emit(run(runId, OpenLineage.RunEvent.EventType.COMPLETE, started.plusMinutes(2)));
    }
    assertThat(storedEvents()).isEqualTo(before);
  }

  @Test
  void a_back_fill_batch_is_recorded_whole_or_not_at_all() throws Exception {
    String token = new GraphQlClient(port, dataDir).token("airflow-backfill");
    String event =
        "{\"eventType\": \"%s\", \"eventTime\": \"%s\", \"run\": {\"runId\": \"%s\"},"
            + " \"job\": {\"namespace\": \"airflow://backfill\", \"name\": \"%s\"},"
            + " \"outputs\": [{\"namespace\": \"s3://lake\", \"name\": \"%s\"}]}";
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    long before = storedEvents();
    // the third event moves the first run to another job: a rule of the recording, not of reading
    String refused =
        "["
            + String.join(
                ",",
                event.formatted("START", "2026-02-01T10:00:00Z", first, "daily", "backfill.a"),
                event.formatted("START", "2026-02-01T11:00:00Z", second, "daily", "backfill.b"),
                event.formatted("COMPLETE", "2026-02-01T12:00:00Z", first, "hourly", "backfill.c"))
            + "]";
    HttpResponse<String> answer = post(token, refused, "/api/v1/lineage/batch");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(answer.body()).contains("RUN_OF_ANOTHER_JOB", "\"refusedEvent\":2", "\"stored\":0");
    assertThat(storedEvents()).isEqualTo(before);
    var graphql = new GraphQlClient(port, dataDir);
    assertThat(
            graphql
                .query(
                    token,
                    "{ dataset(namespace: \"s3://lake\", name: \"backfill.a\") { name } }",
                    Map.of())
                .at("/data/dataset")
                .isNull())
        .isTrue();
    // without the offending event the same batch is recorded, every event with its position
    String accepted = refused.substring(0, refused.lastIndexOf(",{")) + "]";
    answer = post(token, accepted, "/api/v1/lineage/batch");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).matches("\\{\"positions\":\\[\\d+,\\d+\\]\\}");
    assertThat(storedEvents()).isGreaterThanOrEqualTo(before + 2);
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    return post(token, body, "/api/v1/lineage");
  }

  private HttpResponse<String> post(String token, String body, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bad_events_are_refused_with_every_violation_and_store_nothing() throws Exception {
    var graphql = new GraphQlClient(port, dataDir);
    String token = graphql.token("spark");
    long before = storedEvents();
    assertThat(post(token, "not json").body()).contains("the body is not JSON");
    HttpResponse<String> noTime =
        post(token, "{\"run\": {\"runId\": \"nope\"}, \"job\": {\"namespace\": \"a\"}}");
    assertThat(noTime.statusCode()).isEqualTo(400);
    assertThat(noTime.body())
        .contains("eventTime: required", "run.runId: not a UUID", "job.name: required");
    HttpResponse<String> none = post(token, "{\"eventTime\": \"2026-01-01T00:00:00Z\"}");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("none of RunEvent");
    HttpResponse<String> noDatasetName =
        post(
            token,
            "{\"eventTime\": \"2026-01-01T00:00:00Z\", \"dataset\": {\"namespace\": \"s3://b\"}}");
    assertThat(noDatasetName.body()).contains("dataset.name: required");
    // just over the 1 MiB limit: the guard answers 413 from the announced length and Tomcat drains
    // the rest (up to its 2 MB max-swallow-size), so the answer arrives whole; a body beyond that
    // is
    // answered too but the connection is closed under a client still sending, which may see a reset
    HttpResponse<String> huge =
        post(token, "{\"eventTime\": \"" + "x".repeat(1024 * 1024 + 1024) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(post("not-a-token", "{}").statusCode()).isEqualTo(401);
    assertThat(storedEvents()).isEqualTo(before);

    // tolerated: no producer, no schemaURL, no eventType, a time without zone with nanoseconds
    HttpResponse<String> tolerant =
        post(
            token,
            "{\"eventTime\": \"2026-03-01T10:15:30.123456789\", \"run\": {\"runId\": \""
                + UUID.randomUUID()
                + "\", \"facets\": {\"vendor_thing\": {\"big\": [1, 2, 3]}}},"
                + " \"job\": {\"namespace\": \"spark://cluster\", \"name\": \"nightly\"},"
                + " \"outputs\": [{\"namespace\": \"s3://lake\", \"name\": \"raw/events\"}]}");
    assertThat(tolerant.statusCode()).as(tolerant.body()).isEqualTo(200);
    long position =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tolerant.body())
            .path("position")
            .asLong();
    assertThat(position).isPositive();
    JsonNode written =
        graphql.query(
            token,
            "query($p: Long) { dataset(namespace: \"s3://lake\", name: \"raw/events\", minPosition: $p)"
                + " { observedBy { jobName lastState since } } }",
            Map.of("p", position));
    assertThat(written.at("/data/dataset/observedBy/0/jobName").asText()).isEqualTo("nightly");
    assertThat(written.at("/data/dataset/observedBy/0/since").asText())
        .isEqualTo("2026-03-01T10:15:30.123Z");

    // hundreds of kilobytes of facets, as real integrations send: taken, the text kept by digest
    String bulky = "x".repeat(400 * 1024);
    HttpResponse<String> big =
        post(
            token,
            "{\"eventTime\": \"2026-03-01T10:15:30Z\", \"eventType\": \"START\", \"run\": {\"runId\": \""
                + UUID.randomUUID()
                + "\", \"facets\": {\"spark_logicalPlan\": {\"plan\": \""
                + bulky
                + "\"}}}, \"job\": {\"namespace\": \"spark://cluster\", \"name\": \"big\"}}");
    assertThat(big.statusCode()).as(big.body()).isEqualTo(200);
  }

  private HttpResponse<String> postBytes(String token, byte[] body, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/lineage"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzip) {
      request.header("Content-Encoding", "gzip");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void nobody_takes_over_anothers_run_or_pins_a_job_in_the_future_or_floods_the_graph()
      throws Exception {
    var graphql = new GraphQlClient(port, dataDir);
    String owner = graphql.token("airflow-prod");
    String mallory = graphql.token("mallory");
    String run = UUID.randomUUID().toString();
    String event =
        "{\"eventType\": \"%s\", \"eventTime\": \"%s\", \"run\": {\"runId\": \"%s\"},"
            + " \"job\": {\"namespace\": \"airflow://prod\", \"name\": \"%s\"}}";
    assertThat(
            post(owner, event.formatted("START", "2026-03-01T10:00:00Z", run, "load")).statusCode())
        .isEqualTo(200);
    long before = storedEvents();
    // another job on the same run, the same job from someone else: refused, nothing stored
    HttpResponse<String> otherJob =
        post(
            mallory,
            event.formatted("COMPLETE", "2026-03-01T10:05:00Z", run.toUpperCase(), "other"));
    assertThat(otherJob.statusCode()).isEqualTo(409);
    assertThat(otherJob.body()).contains("RUN_OF_ANOTHER_JOB");
    HttpResponse<String> otherReporter =
        post(mallory, event.formatted("COMPLETE", "2026-03-01T10:05:00Z", run, "load"));
    assertThat(otherReporter.statusCode()).isEqualTo(403);
    assertThat(otherReporter.body()).contains("RUN_OF_ANOTHER_REPORTER");
    // times the graph cannot hold, or far ahead of the clock
    for (String time :
        List.of("+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "2999-01-01T00:00:00Z")) {
      HttpResponse<String> future = post(owner, event.formatted("COMPLETE", time, run, "load"));
      assertThat(future.statusCode()).as(time).isEqualTo(400);
      assertThat(future.body()).contains("eventTime");
    }
    // a gzip body cut off, or not gzip at all: refused, not answered as taken
    var packed = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.GZIPOutputStream(packed)) {
      zip.write(event.formatted("COMPLETE", "2026-03-01T10:05:00Z", run, "load").getBytes());
    }
    byte[] cut = java.util.Arrays.copyOf(packed.toByteArray(), 30);
    assertThat(postBytes(owner, cut, true).statusCode()).isEqualTo(400);
    assertThat(postBytes(owner, "not gzip".getBytes(), true).statusCode()).isEqualTo(400);
    // more column-lineage input fields than one event may name
    StringBuilder fields = new StringBuilder();
    for (int f = 0; f < 60; f++) {
      fields.append(f == 0 ? "" : ",").append("\"f").append(f).append("\": {\"inputFields\": [");
      for (int i = 0; i < 20; i++) {
        fields
            .append(i == 0 ? "" : ",")
            .append("{\"namespace\": \"s3://in\", \"name\": \"t\", \"field\": \"c")
            .append(i)
            .append("\"}");
      }
      fields.append("]}");
    }
    HttpResponse<String> flood =
        post(
            owner,
            "{\"eventTime\": \"2026-03-01T10:05:00Z\", \"run\": {\"runId\": \""
                + UUID.randomUUID()
                + "\"}, \"job\": {\"namespace\": \"a\", \"name\": \"b\"},"
                + " \"outputs\": [{\"namespace\": \"s3://out\", \"name\": \"t\","
                + " \"facets\": {\"columnLineage\": {\"fields\": {"
                + fields
                + "}}}}]}");
    assertThat(flood.statusCode()).isEqualTo(400);
    assertThat(flood.body()).contains("more than 1000 in one event");
    // look-alike names
    HttpResponse<String> lookAlike =
        post(
            owner,
            "{\"eventTime\": \"2026-03-01T10:05:00Z\", \"dataset\": {\"namespace\": \"kafka://b\","
                + " \"name\": \"pay\\u202ements\\u200b\"}}");
    assertThat(lookAlike.statusCode()).isEqualTo(400);
    assertThat(storedEvents()).isEqualTo(before);
    // the same type in other letters is one event
    assertThat(
            post(owner, event.formatted("complete", "2026-03-01T10:05:00Z", run, "load"))
                .statusCode())
        .isEqualTo(200);
    long once = storedEvents();
    assertThat(
            post(owner, event.formatted("COMPLETE", "2026-03-01T10:05:00Z", run, "load"))
                .statusCode())
        .isEqualTo(200);
    assertThat(storedEvents()).isEqualTo(once);
  }
}
