package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgov.api.Classification;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.RegisterDataProductCommand;
import io.meshgov.api.command.TeamCommand.RegisterTeamCommand;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.query.kafka.KafkaGraphFeeder;
import io.meshgov.testsupport.DistributedMesh;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.TestDomains;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults in the distributed setup. After each, the query service's graph must equal a graph rebuilt
 * from the event store: nothing lost, nothing doubled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedFaultsTest {

  private static final Duration SETTLE = Duration.ofSeconds(120);
  private static DistributedMesh mesh;
  private static final AtomicInteger next = new AtomicInteger();

  @BeforeAll
  static void start() {
    mesh = new DistributedMesh(MeshgovApplication.class);
    mesh.startCommandService();
    mesh.startQueryService();
  }

  @AfterAll
  static void stop() {
    mesh.close();
  }

  /** A team with two products, the second reading the first: five commands, seven events. */
  private static void writeSomeLineage() {
    int n = next.incrementAndGet();
    var commands = mesh.commands();
    TeamId team = TeamId.of("team-" + n);
    DataProductId raw = DataProductId.of("domain" + n + ".raw");
    DataProductId clean = DataProductId.of("domain" + n + ".clean");
    TestDomains.register(commands, "domain" + n);
    commands.send(
        new RegisterTeamCommand(team, "Team " + n, DomainName.of("domain" + n)), "alice", null);
    for (DataProductId product : List.of(raw, clean)) {
      commands.send(
          new RegisterDataProductCommand(
              product,
              team,
              null,
              "product " + product,
              List.of(),
              Classification.INTERNAL,
              null,
              null),
          "alice",
          null);
    }
    commands.send(new DeclareUpstreamCommand(clean, raw, List.of()), "alice", "clean reads raw");
  }

  private static CompletableFuture<Void> writeInBackground(int rounds, Duration pause) {
    return CompletableFuture.runAsync(
        () -> {
          for (int i = 0; i < rounds; i++) {
            writeSomeLineage();
            sleep(pause);
          }
        });
  }

  private static void assertGraphEqualsRebuild() {
    await()
        .atMost(SETTLE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(mesh.graphChecksum()).isEqualTo(mesh.rebuiltChecksum()));
  }

  @Test
  @Order(1)
  void a_poisoned_message_lands_in_the_dead_letter_topic_and_the_stream_goes_on() {
    String unknownType =
        "{\"specversion\":\"1.0\",\"id\":\"x-1\",\"source\":\"/elsewhere\","
            + "\"type\":\"com.example.Unrelated.v1\",\"subject\":\"poison-2\","
            + "\"time\":\"2026-11-26T10:00:00Z\",\"sequence\":0,\"position\":\"1\",\"data\":{}}";
    String invalidData =
        unknownType
            .replace(
                "com.example.Unrelated.v1", GovernanceCloudEvents.typeOf(TeamRegisteredEvent.class))
            .replace("poison-2", "poison-3")
            .replace("\"data\":{}", "\"data\":{\"teamId\":\"Not A Team\"}");
    try (var producer =
        new KafkaProducer<String, byte[]>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      producer.send(new ProducerRecord<>(mesh.topic, "poison-1", bytes("{not json")));
      producer.send(new ProducerRecord<>(mesh.topic, "poison-2", bytes(unknownType)));
      producer.send(new ProducerRecord<>(mesh.topic, "poison-3", bytes(invalidData)));
    }
    writeSomeLineage();

    List<ConsumerRecord<String, byte[]>> letters = readAll(mesh.topic + ".dlq", 3);
    assertThat(letters)
        .extracting(ConsumerRecord::key)
        .containsExactly("poison-1", "poison-2", "poison-3");
    assertThat(letters)
        .extracting(r -> new String(r.headers().lastHeader(KafkaGraphFeeder.REASON_HEADER).value()))
        .satisfiesExactly(
            reason -> assertThat(reason).startsWith("not a CloudEvent in JSON"),
            reason -> assertThat(reason).isEqualTo("unknown event type com.example.Unrelated.v1"),
            reason -> assertThat(reason).contains("is not valid"));
    assertThat(new String(letters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(mesh.queryMetric("meshgov.consumer.dead-lettered")).isEqualTo(3);
    assertGraphEqualsRebuild();
  }

  @Test
  @Order(2)
  void the_query_service_stops_mid_stream_and_catches_up_after_its_restart() {
    CompletableFuture<Void> writer = writeInBackground(30, Duration.ofMillis(20));
    sleep(Duration.ofMillis(300));
    mesh.stopQueryService();
    writer.join();
    mesh.startQueryService();
    assertGraphEqualsRebuild();
  }

  @Test
  @Order(3)
  void the_broker_stops_and_restarts_while_commands_keep_arriving() {
    CompletableFuture<Void> writer = writeInBackground(40, Duration.ofMillis(100));
    sleep(Duration.ofMillis(500));
    mesh.broker.stop();
    sleep(Duration.ofSeconds(3));
    mesh.broker.startAgain();
    writer.join();
    assertGraphEqualsRebuild();
  }

  @Test
  @Order(4)
  void the_publisher_dies_between_the_store_commit_and_the_send_and_loses_nothing() {
    mesh.broker.stop();
    for (int i = 0; i < 5; i++) {
      writeSomeLineage(); // committed in the store, not on the topic
    }
    assertThat(mesh.publisherLag()).isPositive();
    mesh.stopCommandService();
    mesh.broker.startAgain();
    mesh.startCommandService();
    assertGraphEqualsRebuild();
  }

  @Test
  @Order(5)
  void without_the_command_service_mutations_are_unavailable_and_queries_still_answer()
      throws Exception {
    GraphQlClient client = mesh.graphQl();
    String token = client.token("alice");
    mesh.stopCommandService();
    try {
      com.fasterxml.jackson.databind.JsonNode refused =
          client.query(
              token,
              "mutation { registerTeam(input: {teamId: \"late\", name: \"Late\","
                  + " domain: \"late\"}) { id } }",
              Map.of());
      assertThat(refused.at("/errors/0/extensions/code").asText())
          .as(refused.toString())
          .isEqualTo("UNAVAILABLE");
      com.fasterxml.jackson.databind.JsonNode audit =
          client.query(token, "{ auditTrail(aggregateId: \"team-1\") { hasMore } }", Map.of());
      assertThat(audit.at("/errors/0/extensions/code").asText()).isEqualTo("UNAVAILABLE");
      com.fasterxml.jackson.databind.JsonNode team =
          client.query(token, "{ team(id: \"team-1\") { id } }", Map.of());
      assertThat(team.at("/data/team/id").asText()).as(team.toString()).isEqualTo("team-1");
    } finally {
      mesh.startCommandService();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                mesh.broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "dlq-reader-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast;
              });
    }
    return records;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
