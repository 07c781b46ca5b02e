package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.testsupport.DistributedMesh;
import io.meshgov.testsupport.GraphQlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command service and the query service as two application contexts joined by a real KRaft
 * broker: clients use only the query service's GraphQL endpoint, mutations travel to the command
 * service over HTTP, events come back through Kafka into the graph.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedSetupTest {

  private static DistributedMesh mesh;
  private static ConfigurableApplicationContext commandService;
  private static GraphQlClient client;
  private static String alice;
  private static String bob;

  @BeforeAll
  static void start() {
    mesh = new DistributedMesh(MeshgovApplication.class);
    commandService =
        mesh.startCommandService("--meshgov.openlineage.kafka-topic=" + OPENLINEAGE_TOPIC);
    mesh.startQueryService();
    client = mesh.graphQl();
    alice = client.token("alice");
    bob = client.token("bob");
    try {
      client.domains("payments", "corr", "s");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    mesh.close();
  }

  private static JsonNode mutate(String token, String mutation, Map<String, Object> input)
      throws Exception {
    String type = Character.toUpperCase(mutation.charAt(0)) + mutation.substring(1) + "Input";
    return client.query(
        token,
        "mutation($input: " + type + "!) { " + mutation + "(input: $input) { id position } }",
        Map.of("input", input));
  }

  private static long ok(JsonNode answer, String mutation) {
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.at("/data/" + mutation + "/position").asLong();
  }

  @Test
  @Order(1)
  void mutations_sent_to_the_query_service_appear_in_its_lineage_answers() throws Exception {
    ok(
        mutate(
            alice,
            "registerTeam",
            Map.of("teamId", "payments-core", "name", "Payments", "domain", "payments")),
        "registerTeam");
    ok(
        mutate(
            alice,
            "registerDataProduct",
            Map.of("productId", "payments.settlements", "owningTeam", "payments-core")),
        "registerDataProduct");
    ok(
        mutate(
            alice,
            "registerDataProduct",
            Map.of("productId", "payments.ledger", "owningTeam", "payments-core")),
        "registerDataProduct");
    long position =
        ok(
            mutate(
                alice,
                "declareUpstream",
                Map.of("productId", "payments.ledger", "upstream", "payments.settlements")),
            "declareUpstream");

    JsonNode lineage =
        client.query(
            alice,
            "query($p: Long) { lineage(id: \"payments.settlements\", minPosition: $p) {"
                + " nodes { id depth } edges { from to } } }",
            Map.of("p", position));

    assertThat(lineage.path("errors").isMissingNode()).as(lineage.toString()).isTrue();
    assertThat(lineage.at("/data/lineage/edges/0/from").asText()).isEqualTo("payments.settlements");
    assertThat(lineage.at("/data/lineage/edges/0/to").asText()).isEqualTo("payments.ledger");
  }

  @Test
  @Order(2)
  void inbox_items_stream_live_from_the_query_service() throws Exception {
    ok(
        mutate(alice, "registerTeam", Map.of("teamId", "s-live", "name", "Live", "domain", "s")),
        "registerTeam");
    ok(
        mutate(
            bob, "registerTeam", Map.of("teamId", "s-readers", "name", "Readers", "domain", "s")),
        "registerTeam");
    long registered =
        ok(
            mutate(
                alice,
                "registerDataProduct",
                Map.of("productId", "s.live", "owningTeam", "s-live")),
            "registerDataProduct");
    client.query(
        alice,
        "query($p: Long) { dataProduct(id: \"s.live\", minPosition: $p) { id } }",
        Map.of("p", registered));
    java.util.concurrent.BlockingQueue<Map<String, Object>> items =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (var live = new io.meshgov.testsupport.LiveClient(mesh.queryPort(), alice)) {
      var stream =
          live.subscribe(
                  "subscription { inboxItems { kind subscription actor } }", Map.of(), "inboxItems")
              .subscribe(items::add, e -> {});
      // the server answers the subscribe asynchronously: ask until an item arrives
      for (int attempt = 0; attempt < 20 && items.isEmpty(); attempt++) {
        String id = "sub_live-" + attempt;
        ok(
            mutate(
                bob,
                "requestSubscription",
                Map.of(
                    "product", "s.live",
                    "consumerTeam", "s-readers",
                    "purpose", "watching",
                    "subscriptionId", id)),
            "requestSubscription");
        Map<String, Object> item = items.poll(1, java.util.concurrent.TimeUnit.SECONDS);
        if (item != null) {
          // an earlier attempt's item may be the one that arrives first
          assertThat(item)
              .containsEntry("kind", "SUBSCRIPTION_REQUESTED")
              .containsEntry("actor", "bob");
          assertThat((String) item.get("subscription")).startsWith("sub_live-");
          stream.dispose();
          return;
        }
      }
      stream.dispose();
      throw new AssertionError("no live item reached alice through the query service");
    }
  }

  @Test
  @Order(3)
  void an_auditor_verifies_the_command_services_store_through_the_query_service() throws Exception {
    String auditor = client.token("ada", "auditor");
    JsonNode signed =
        client.query(auditor, "mutation { createCheckpoint { number eventCount } }", Map.of());
    assertThat(signed.path("errors").isMissingNode()).as(signed.toString()).isTrue();
    JsonNode verified =
        client.query(
            auditor,
            "{ verifyHistory { intact eventsChecked checkpoint firstBreak { problem } } }",
            Map.of());
    assertThat(verified.at("/data/verifyHistory/intact").asBoolean())
        .as(verified.toString())
        .isTrue();
    assertThat(verified.at("/data/verifyHistory/eventsChecked").asLong()).isPositive();
    JsonNode found =
        client.query(
            alice,
            "{ auditEvents(filter: {actor: \"alice\", types: [\"TeamRegisteredEvent\"]}, first: 5)"
                + " { edges { node { aggregateId actor type } } } }",
            Map.of());
    assertThat(found.at("/data/auditEvents/edges").size()).as(found.toString()).isPositive();
    assertThat(found.at("/data/auditEvents/edges").findValuesAsText("actor")).containsOnly("alice");
    assertThat(
            client
                .query(alice, "{ verifyHistory { intact } }", Map.of())
                .at("/errors/0/extensions/code")
                .asText())
        .isEqualTo("FORBIDDEN");

    // an export through the query service, streamed from the command service and signed there
    String window =
        "from=" + java.time.Instant.EPOCH + "&to=" + java.time.Instant.now().plusSeconds(60);
    var http = java.net.http.HttpClient.newHttpClient();
    java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> export =
        (token, query) -> {
          try {
            return http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + mesh.queryPort()
                                + "/api/v1/audit/export?"
                                + query))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    var refused = export.apply(alice, window);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("NOT_AN_AUDITOR");
    var invalid = export.apply(auditor, "from=yesterday&to=today");
    assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
    assertThat(invalid.body()).contains("INVALID_INPUT");
    var exported = export.apply(auditor, window + "&domain=payments");
    assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
    String exportId = exported.headers().firstValue("X-Meshgov-Export-Id").orElseThrow();
    java.util.List<String> lines = exported.body().lines().toList();
    assertThat(lines.size()).isGreaterThan(1);
    assertThat(new ObjectMapper().readTree(lines.get(0)).path("chainlink").asText()).hasSize(64);
    JsonNode manifest =
        new ObjectMapper()
            .readTree(
                new ObjectMapper().readTree(lines.get(lines.size() - 1)).path("signed").asText());
    assertThat(manifest.path("count").asLong()).isEqualTo(lines.size() - 1);
    assertThat(manifest.path("exportedBy").asText()).isEqualTo("ada");
    assertThat(manifest.path("exportId").asText()).isEqualTo(exportId);
  }

  @Test
  @Order(2)
  void one_user_action_keeps_one_correlation_across_the_split() throws Exception {
    String twoTeams =
        "mutation { a: registerTeam(input: {teamId: \"corr-a\", name: \"A\", domain: \"corr\"}) { id }"
            + " b: registerTeam(input: {teamId: \"corr-b\", name: \"B\", domain: \"corr\"}) { id } }";
    var answer =
        client.post(
            new ObjectMapper().writeValueAsString(Map.of("query", twoTeams)),
            alice,
            Map.of("X-Correlation-Id", "ui-action-42"));
    assertThat(answer.body()).doesNotContain("errors");
    GovernanceEvent a = mesh.storedEvents("corr-a").get(0);
    GovernanceEvent b = mesh.storedEvents("corr-b").get(0);
    // the client's id, within alice's own space of ids, and echoed
    String echoed = answer.headers().firstValue("X-Correlation-Id").orElseThrow();
    assertThat(echoed).matches("u[0-9a-f]{10}:ui-action-42");
    assertThat(a.correlationId()).isEqualTo(echoed);
    assertThat(b.correlationId()).isEqualTo(echoed);
    // bob reusing the id starts a story of his own, and so does the request extension form
    var bobs =
        client.post(
            new ObjectMapper()
                .writeValueAsString(
                    Map.of(
                        "query",
                        "mutation { registerTeam(input: {teamId: \"corr-g\", name: \"G\","
                            + " domain: \"corr\"}) { id } }",
                        "extensions",
                        Map.of("correlationId", "ui-action-42"))),
            bob);
    assertThat(bobs.body()).doesNotContain("errors");
    assertThat(mesh.storedEvents("corr-g").get(0).correlationId())
        .endsWith(":ui-action-42")
        .isNotEqualTo(echoed)
        .isEqualTo(bobs.headers().firstValue("X-Correlation-Id").orElseThrow());
    // each command is its own cause, named by the query service and kept by the command service
    assertThat(a.causationId()).isNotBlank().isNotEqualTo(b.causationId());
    assertThat(mesh.storedEvents("corr-a").get(1).causationId()).isEqualTo(a.causationId());

    // without the header, the mutations of one request still share one correlation
    String twoMore = twoTeams.replace("corr-a", "corr-c").replace("corr-b", "corr-d");
    client.post(new ObjectMapper().writeValueAsString(Map.of("query", twoMore)), alice);
    GovernanceEvent c = mesh.storedEvents("corr-c").get(0);
    GovernanceEvent d = mesh.storedEvents("corr-d").get(0);
    assertThat(c.correlationId()).isNotBlank().isEqualTo(d.correlationId());
    assertThat(c.correlationId()).isNotEqualTo("ui-action-42");

    // a header that is not a short token is the client's mistake: ignored, nothing refused
    String twoLast = twoTeams.replace("corr-a", "corr-e").replace("corr-b", "corr-f");
    var tolerated =
        client.post(
            new ObjectMapper().writeValueAsString(Map.of("query", twoLast)),
            alice,
            Map.of("X-Correlation-Id", "{not a token}"));
    assertThat(tolerated.body()).doesNotContain("errors");
    assertThat(mesh.storedEvents("corr-e").get(0).correlationId())
        .isNotEqualTo("{not a token}")
        .isEqualTo(mesh.storedEvents("corr-f").get(0).correlationId());
  }

  @Test
  @Order(2)
  void refusals_come_back_through_the_query_service_with_the_same_codes() throws Exception {
    JsonNode again =
        mutate(
            bob,
            "registerTeam",
            Map.of("teamId", "payments-core", "name", "Again", "domain", "payments"));
    assertThat(again.at("/errors/0/extensions/code").asText()).isEqualTo("CONFLICT");
    assertThat(again.at("/errors/0/extensions/rejection").asText())
        .isEqualTo("TEAM_ALREADY_REGISTERED");

    JsonNode cycle =
        mutate(
            alice,
            "declareUpstream",
            Map.of("productId", "payments.settlements", "upstream", "payments.ledger"));
    assertThat(cycle.at("/errors/0/extensions/code").asText()).isEqualTo("LINEAGE_CYCLE");

    // the bulk form crosses the split whole: a refused change stores nothing and is named
    String apply =
        "mutation($input: ApplyChangesInput!) { applyChanges(input: $input) { count position } }";
    List<Map<String, Object>> changes =
        List.of(
            Map.of(
                "updateDataProduct",
                Map.of("productId", "payments.settlements", "description", "bulk")),
            Map.of(
                "declareUpstream",
                Map.of("productId", "payments.settlements", "upstream", "payments.ledger")));
    JsonNode refusedBulk = client.query(alice, apply, Map.of("input", Map.of("changes", changes)));
    assertThat(refusedBulk.at("/errors/0/extensions/code").asText()).isEqualTo("LINEAGE_CYCLE");
    assertThat(refusedBulk.at("/errors/0/extensions/commandIndex/0").asText()).isEqualTo("1");
    JsonNode bulk =
        client.query(alice, apply, Map.of("input", Map.of("changes", changes.subList(0, 1))));
    assertThat(bulk.at("/data/applyChanges/count").asInt()).as(bulk.toString()).isEqualTo(1);

    JsonNode notOwner =
        mutate(
            bob,
            "deprecateDataProduct",
            Map.of("productId", "payments.ledger", "sunsetDate", "2027-01-01"));
    assertThat(notOwner.at("/errors/0/extensions/code").asText())
        .as(notOwner.toString())
        .isIn("FORBIDDEN", "INVALID_INPUT");

    // platform roles reach the aggregate from the command service's own reading of the token
    String expire =
        "mutation($input: TransferInput!) { expireOwnershipTransfer(input: $input) { id } }";
    Map<String, Object> input =
        Map.of("input", Map.of("productId", "payments.ledger", "transferId", "trf_none"));
    assertThat(client.query(alice, expire, input).at("/errors/0/extensions/rejection").asText())
        .isEqualTo("ADMIN_ONLY");
    assertThat(
            client
                .query(client.token("root", "admin"), expire, input)
                .at("/errors/0/extensions/rejection")
                .asText())
        .isEqualTo("NO_OPEN_TRANSFER");
  }

  @Test
  void the_publisher_sends_events_as_stored_by_the_command_services_own_store() {
    var publisher = commandService.getBean(io.meshgov.command.publishing.KafkaEventPublisher.class);
    var stored =
        commandService
            .getBean(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class)
            .readEvents(null, false)
            .findFirst()
            .orElseThrow();
    // Axon hands over the stored form itself (the same object each time) only to the serializer
    // the store read the event with; to any other it serializes the payload anew each time
    var once = stored.serializePayload(publisher.storeSerializer(), byte[].class);
    assertThat(stored.serializePayload(publisher.storeSerializer(), byte[].class)).isSameAs(once);
    assertThat(new String(once.getData(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("{");
  }

  @Test
  @Order(3)
  void the_topic_holds_valid_cloud_events_in_order_per_aggregate() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.broker.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "cloudevents-reader");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class);
    List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(mesh.topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 5;
              });
    }

    Map<String, List<Integer>> sequences = new HashMap<>();
    for (ConsumerRecord<String, CloudEvent> record : records) {
      CloudEvent event = record.value();
      assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
      assertThat(event.getType()).startsWith("io.meshgov.").endsWith(".v1");
      assertThat(event.getSubject()).isEqualTo(record.key());
      assertThat(event.getId()).isNotBlank();
      assertThat(event.getTime()).isNotNull();
      // the platform admin registered the domains, alice (and bob) the rest; ada's export is
      // recorded too
      assertThat(event.getExtension("actor")).isIn("root", "alice", "bob", "ada");
      assertThat(event.getExtension("correlationid")).isNotNull();
      assertThat(event.getData()).isNotNull();
      sequences
          .computeIfAbsent(record.key(), k -> new ArrayList<>())
          .add((Integer) event.getExtension("sequence"));
    }
    assertThat(records.get(0).value().getType()).isEqualTo("io.meshgov.DomainRegisteredEvent.v1");
    assertThat(records.get(0).value().getSubject()).isEqualTo("domain:payments");
    assertThat(sequences.get("payments-core")).startsWith(0);
    assertThat(sequences.get("payments.ledger")).containsExactly(0, 1);
    sequences.values().forEach(s -> assertThat(s).isSorted());
  }

  @Test
  @Order(4)
  void the_query_service_serves_the_explorer_and_the_command_service_does_not() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    for (String path : List.of("/", "/products/payments.settlements", "/teams/finance")) {
      var page =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + mesh.queryPort() + path))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body()).contains("<title>meshgov explorer</title>", "/explorer/explorer.js");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(
              p -> assertThat(p).contains("default-src 'self'", "frame-ancestors 'none'"));
    }
    var script =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        "http://127.0.0.1:" + mesh.queryPort() + "/explorer/explorer.js"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(script.statusCode()).isEqualTo(200);
    var command =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + mesh.commandPort() + "/"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(command.body()).doesNotContain("meshgov explorer");
  }

  @Test
  @Order(4)
  void the_query_service_graph_equals_a_rebuild_from_the_store() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(mesh.graphChecksum()).isEqualTo(mesh.rebuiltChecksum()));
  }

  @Test
  @Order(5)
  void each_service_reports_the_health_of_what_it_depends_on_and_its_lag() throws Exception {
    // without a token, health says only how it is; with an operator's, what it depends on
    assertThat(actuator(mesh.commandPort(), "health", null).path("components").isMissingNode())
        .isTrue();
    assertThat(actuator(mesh.queryPort(), "metrics", alice).path("names").isMissingNode()).isTrue();
    String operator = client.token("ops", "operator");
    JsonNode command = actuator(mesh.commandPort(), "health", operator);
    assertThat(command.path("status").asText()).as(command.toString()).isEqualTo("UP");
    assertThat(command.path("components").fieldNames())
        .toIterable()
        .contains("db", "eventStore", "kafka")
        .doesNotContain("neo4j");
    assertThat(command.at("/components/kafka/details/nodes").asInt()).isEqualTo(1);

    JsonNode query = actuator(mesh.queryPort(), "health", operator);
    assertThat(query.path("status").asText()).as(query.toString()).isEqualTo("UP");
    assertThat(query.path("components").fieldNames())
        .toIterable()
        .contains("neo4j", "kafka")
        .doesNotContain("db", "eventStore");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(
                      actuator(mesh.queryPort(), "metrics/meshgov.consumer.lag.records", operator)
                          .at("/measurements/0/value")
                          .asDouble())
                  .isZero();
              assertThat(mesh.queryMetric("meshgov.projection.lag.seconds")).isZero();
              assertThat(
                      actuator(mesh.commandPort(), "metrics/meshgov.publisher.lag.events", operator)
                          .at("/measurements/0/value")
                          .asDouble())
                  .isZero();
            });
    assertThat(
            actuator(mesh.commandPort(), "metrics/meshgov.publisher.events", operator)
                .at("/measurements/0/value")
                .asDouble())
        .isGreaterThanOrEqualTo(5);
    assertThat(
            actuator(mesh.queryPort(), "metrics/meshgov.projection.events", operator)
                .at("/measurements/0/value")
                .asDouble())
        .isGreaterThanOrEqualTo(5);
  }

  static final String OPENLINEAGE_TOPIC = "openlineage.events";

  @Test
  @Order(6)
  void pipelines_report_through_openlineages_kafka_transport_and_bad_records_are_dead_lettered()
      throws Exception {
    java.util.Properties producer = new java.util.Properties();
    producer.put("bootstrap.servers", mesh.broker.bootstrapServers());
    producer.put(
        "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    producer.put(
        "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    producer.put("acks", "all");
    io.openlineage.client.transports.KafkaConfig config =
        new io.openlineage.client.transports.KafkaConfig(OPENLINEAGE_TOPIC, null, producer);
    var ol =
        new io.openlineage.client.OpenLineage(java.net.URI.create("https://example.org/flink"));
    try (var pipeline =
        io.openlineage.client.OpenLineageClient.builder()
            .transport(new io.openlineage.client.transports.KafkaTransport(config))
            .build()) {
      pipeline.emit(
          ol.newRunEventBuilder()
              .eventType(io.openlineage.client.OpenLineage.RunEvent.EventType.COMPLETE)
              .eventTime(java.time.ZonedDateTime.now())
              .run(ol.newRunBuilder().runId(java.util.UUID.randomUUID()).build())
              .job(ol.newJobBuilder().namespace("flink://prod").name("enrich").build())
              .inputs(
                  List.of(
                      ol.newInputDatasetBuilder()
                          .namespace("kafka://broker:9092")
                          .name("clicks.raw")
                          .build()))
              .outputs(
                  List.of(
                      ol.newOutputDatasetBuilder()
                          .namespace("kafka://broker:9092")
                          .name("clicks.enriched")
                          .build()))
              .build());
    }
    // a record that is no event goes to the dead-letter topic with its reason
    try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(producer)) {
      raw.send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  OPENLINEAGE_TOPIC, "bad", "{\"job\": 1}"))
          .get();
    }
    String query =
        "{ dataset(namespace: \"kafka://broker:9092\", name: \"clicks.enriched\")"
            + " { observedBy { jobName lastState } } }";
    JsonNode seen =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> client.query(alice, query, Map.of()).at("/data/dataset/observedBy/0"),
                n -> !n.isMissingNode() && !n.isNull());
    assertThat(seen.path("jobName").asText()).isEqualTo("enrich");
    // attributed to the topic's reporter, in the trail like any other fact
    JsonNode found =
        client.query(
            alice,
            "{ auditEvents(filter: {actor: \"openlineage-topic\"}) { edges { node { type } } } }",
            Map.of());
    assertThat(found.at("/data/auditEvents/edges").findValuesAsText("type"))
        .contains("RunObservedEvent");
    Map<String, Object> dlq = new HashMap<>();
    dlq.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.broker.bootstrapServers());
    dlq.put(ConsumerConfig.GROUP_ID_CONFIG, "openlineage-dlq-reader");
    dlq.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    dlq.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    dlq.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        org.apache.kafka.common.serialization.StringDeserializer.class);
    try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(dlq)) {
      reader.subscribe(List.of(OPENLINEAGE_TOPIC + ".dlq"));
      List<ConsumerRecord<String, String>> dead = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
              });
      assertThat(dead.get(0).key()).isEqualTo("bad");
      assertThat(
              new String(
                  dead.get(0).headers().lastHeader("meshgov-dlq-reason").value(),
                  java.nio.charset.StandardCharsets.UTF_8))
          .contains("eventTime: required");
    }
  }

  @Test
  @Order(6)
  void the_auditors_queries_read_the_event_store_through_the_command_service() throws Exception {
    JsonNode trail =
        client.query(
            alice,
            "{ auditTrail(aggregateId: \"payments.ledger\", first: 1) {"
                + " events { sequence type revision actor } hasMore } }",
            Map.of());
    assertThat(trail.path("errors").isMissingNode()).as(trail.toString()).isTrue();
    assertThat(trail.at("/data/auditTrail/events/0/type").asText())
        .isEqualTo("DataProductRegisteredEvent");
    assertThat(trail.at("/data/auditTrail/events/0/actor").asText()).isEqualTo("alice");
    assertThat(trail.at("/data/auditTrail/hasMore").asBoolean()).isTrue();

    JsonNode asOf =
        client.query(
            alice,
            "query($at: DateTime!) { dataProductAsOf(id: \"payments.ledger\", at: $at) {"
                + " owningTeam upToPosition } }",
            Map.of("at", java.time.Instant.now().toString()));
    assertThat(asOf.at("/data/dataProductAsOf/owningTeam").asText())
        .as(asOf.toString())
        .isEqualTo("payments-core");
    // the command service tells the query service where each event sits in the store
    assertThat(asOf.at("/data/dataProductAsOf/upToPosition").asLong()).isPositive();

    JsonNode nothing =
        client.query(
            alice, "{ auditTrail(aggregateId: \"payments.nothing\") { hasMore } }", Map.of());
    assertThat(nothing.at("/errors/0/extensions/code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  @Order(7)
  void a_query_service_started_with_rebuild_reads_the_topic_again_into_an_empty_graph()
      throws Exception {
    String before = mesh.graphChecksum();
    mesh.stopQueryService();
    try (var driver =
        org.neo4j.driver.GraphDatabase.driver(
            mesh.neo4jUri(), org.neo4j.driver.AuthTokens.none())) {
      // something the topic does not hold: the rebuild must drop it
      driver.executableQuery("CREATE (:Stray {id: 'not from the topic'})").execute();
    }
    assertThat(mesh.graphChecksum()).isNotEqualTo(before);

    mesh.startQueryService("--meshgov.graph.rebuild=true");
    client = mesh.graphQl();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(mesh.graphChecksum()).isEqualTo(before));
    assertThat(mesh.rebuiltChecksum()).isEqualTo(before);
  }

  @Test
  @Order(2)
  void the_command_service_needs_both_the_query_services_credential_and_a_users_token()
      throws Exception {
    String body = "{\"command\": {\"teamId\": \"sneaky\", \"name\": \"S\", \"domain\": \"s\"}}";
    // a user's token alone: a person may not call the command service directly
    assertThat(commandService("/commands/RegisterTeamCommand", body, alice, null).statusCode())
        .isEqualTo(403);
    // the credential alone: no person, no actor
    assertThat(
            commandService(
                    "/commands/RegisterTeamCommand", body, null, DistributedMesh.SERVICE_SECRET)
                .statusCode())
        .isEqualTo(401);
    assertThat(commandService("/head", null, alice, null).statusCode()).isEqualTo(403);
    assertThat(commandService("/events/sneaky", null, alice, null).statusCode()).isEqualTo(403);
    // both: accepted, as the query service does it
    assertThat(
            commandService(
                    "/commands/RegisterTeamCommand", body, alice, DistributedMesh.SERVICE_SECRET)
                .statusCode())
        .isEqualTo(200);
  }

  private static java.net.http.HttpResponse<String> commandService(
      String path, String body, String token, String credential) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + mesh.commandPort() + path));
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (credential != null) {
      request.header("X-Meshgov-Service-Credential", credential);
    }
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode actuator(int port, String path, String token) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + port + "/actuator/" + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
  }
}
