package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.command.infrastructure.OwnershipTransferSettings;
import io.meshgov.plumbing.DataSettings;
import io.meshgov.plumbing.KafkaSettings;
import io.meshgov.query.graph.GraphSettings;
import io.meshgov.query.graph.Neo4jSettings;
import io.meshgov.query.graphql.GraphQlSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The setting names users already pass keep working with the typed settings, each with one default,
 * and a bad value is refused naming its key. (The {@code MESHGOV_*} variables are read by
 * application.yml's placeholders into these same names, unchanged.)
 */
class SettingsTest {

  private static Binder properties(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values));
  }

  private static <T> T bind(Binder binder, String prefix, Class<T> type) {
    return binder.bindOrCreate(prefix, type);
  }

  @Test
  void every_setting_has_its_default() {
    Binder none = properties(Map.of());
    assertThat(bind(none, "meshgov.ownership-transfer", OwnershipTransferSettings.class).expiry())
        .isEqualTo(Duration.ofDays(7));
    KafkaSettings kafka = bind(none, "meshgov.kafka", KafkaSettings.class);
    assertThat(kafka.topic()).isEqualTo("meshgov.governance-events");
    assertThat(kafka.deadLetterTopic()).isEqualTo("meshgov.governance-events.dlq");
    assertThat(kafka.source()).isEqualTo(URI.create("/meshgov/command-side"));
    assertThat(bind(none, "meshgov", DataSettings.class).dataDir().normalize())
        .isEqualTo(Path.of("data"));
    GraphSettings graph = bind(none, "meshgov.graph", GraphSettings.class);
    assertThat(graph.feed()).isEqualTo("store");
    assertThat(graph.rebuild()).isFalse();
    assertThat(bind(none, "meshgov.neo4j", Neo4jSettings.class).uri()).isEmpty();
    assertThat(bind(none, "meshgov.lineage", Neo4jSettings.Lineage.class).maxDepth())
        .isEqualTo(100);
    GraphQlSettings graphQl = bind(none, "meshgov.graphql", GraphQlSettings.class);
    assertThat(graphQl.readYourWritesTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(graphQl.maxComplexity()).isEqualTo(400);
    assertThat(bind(none, "meshgov.http", ServerSettings.Http.class).maxRequestBytes())
        .isEqualTo(1024 * 1024);
    assertThat(bind(none, "meshgov.security", ServerSettings.Tokens.class).audience())
        .isEqualTo("meshgov");
  }

  @Test
  void the_names_users_pass_today_are_read() {
    Binder given =
        properties(
            Map.of(
                "meshgov.ownership-transfer.expiry", "PT2H",
                "meshgov.graph.rebuild", "true",
                "meshgov.neo4j.uri", "bolt://graph:7687",
                "meshgov.neo4j.username", "neo4j",
                "meshgov.kafka.bootstrap-servers", "kafka:9092",
                "meshgov.kafka.dead-letter-topic", "parked",
                "meshgov.command-service.url", "http://command:8081",
                "meshgov.data-dir", "/data"));
    assertThat(bind(given, "meshgov.ownership-transfer", OwnershipTransferSettings.class).expiry())
        .isEqualTo(Duration.ofHours(2));
    assertThat(bind(given, "meshgov.graph", GraphSettings.class).rebuild()).isTrue();
    assertThat(bind(given, "meshgov.neo4j", Neo4jSettings.class).uri())
        .isEqualTo("bolt://graph:7687");
    assertThat(bind(given, "meshgov.kafka", KafkaSettings.class).brokers()).isEqualTo("kafka:9092");
    assertThat(bind(given, "meshgov.kafka", KafkaSettings.class).deadLetterTopic())
        .isEqualTo("parked");
    assertThat(bind(given, "meshgov.command-service", ServerSettings.CommandService.class).url())
        .isEqualTo(URI.create("http://command:8081"));
    assertThat(bind(given, "meshgov", DataSettings.class).dataDir()).isEqualTo(Path.of("/data"));
  }

  @Test
  void a_bad_value_is_refused_naming_its_key() {
    assertThatThrownBy(
            () ->
                bind(
                    properties(Map.of("meshgov.ownership-transfer.expiry", "-PT1H")),
                    "meshgov.ownership-transfer",
                    OwnershipTransferSettings.class))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("meshgov.ownership-transfer.expiry");
    assertThatThrownBy(
            () ->
                bind(
                    properties(Map.of("meshgov.graph.feed", "carrier-pigeon")),
                    "meshgov.graph",
                    GraphSettings.class))
        .rootCause()
        .hasMessageContaining("meshgov.graph.feed");
    assertThatThrownBy(
            () ->
                bind(
                    properties(Map.of("meshgov.kafka.partitions", "0")),
                    "meshgov.kafka",
                    KafkaSettings.class))
        .rootCause()
        .hasMessageContaining("meshgov.kafka.partitions");
    assertThatThrownBy(
            () -> bind(properties(Map.of()), "meshgov.kafka", KafkaSettings.class).brokers())
        .hasMessageContaining("meshgov.kafka.bootstrap-servers");
  }
}
