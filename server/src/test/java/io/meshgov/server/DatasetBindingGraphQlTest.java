package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A product's owner binds the datasets of its output port (OpenLineage naming); a dataset belongs
 * to one product at a time; unbound, it is listed and counted as unowned; its history stays.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetBindingGraphQlTest {

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private static final String BIND =
      "mutation($p: ID!, $ns: String!, $n: String!) {"
          + " bindDataset(input: {productId: $p, namespace: $ns, name: $n}) { position } }";
  private static final String UNBIND =
      "mutation($p: ID!, $ns: String!, $n: String!) {"
          + " unbindDataset(input: {productId: $p, namespace: $ns, name: $n}) { position } }";
  private static final String KAFKA = "kafka://broker:9092";

  @Test
  void owners_bind_datasets_one_product_at_a_time_and_unbound_ones_are_unowned() throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice");
    String bob = client.token("bob");
    client.domains("ds");
    client.query(
        alice,
        "mutation { registerTeam(input: {teamId: \"ds-a\", name: \"A\", domain: \"ds\"}) { id } }",
        Map.of());
    client.query(
        bob,
        "mutation { registerTeam(input: {teamId: \"ds-b\", name: \"B\", domain: \"ds\"}) { id } }",
        Map.of());
    client.query(
        alice,
        "mutation { registerDataProduct(input: {productId: \"ds.orders\", owningTeam: \"ds-a\"}) { id } }",
        Map.of());
    client.query(
        bob,
        "mutation { registerDataProduct(input: {productId: \"ds.billing\", owningTeam: \"ds-b\"}) { id } }",
        Map.of());

    // unicode names are names like any other
    String unicode = "zahlungen.überweisungen.v1";
    long first =
        position(client.query(alice, BIND, vars("ds.orders", KAFKA, unicode)), "bindDataset");
    Instant whileBound = pause();
    JsonNode elsewhere = client.query(bob, BIND, vars("ds.billing", KAFKA, unicode));
    assertThat(elsewhere.at("/errors/0/extensions/rejection").asText())
        .isEqualTo("DATASET_BOUND_ELSEWHERE");
    JsonNode notOwner = client.query(bob, BIND, vars("ds.orders", KAFKA, "other"));
    assertThat(notOwner.at("/errors/0/extensions/code").asText()).isEqualTo("FORBIDDEN");
    JsonNode badName = client.query(alice, BIND, vars("ds.orders", "", "x"));
    assertThat(badName.at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_INPUT");

    String product =
        "query($p: Long, $at: DateTime) { dataProduct(id: \"ds.orders\", asOf: $at, minPosition: $p)"
            + " { datasets { namespace name product } } }";
    JsonNode bound = client.query(alice, product, Map.of("p", first));
    assertThat(bound.at("/data/dataProduct/datasets/0/name").asText())
        .as(bound.toString())
        .isEqualTo(unicode);
    assertThat(bound.at("/data/dataProduct/datasets/0/product").asText()).isEqualTo("ds.orders");

    long unbound =
        position(client.query(alice, UNBIND, vars("ds.orders", KAFKA, unicode)), "unbindDataset");
    long rebound =
        position(client.query(bob, BIND, vars("ds.billing", KAFKA, unicode)), "bindDataset");
    long released =
        position(client.query(bob, UNBIND, vars("ds.billing", KAFKA, unicode)), "unbindDataset");
    assertThat(rebound).isGreaterThan(unbound);
    JsonNode again = client.query(alice, UNBIND, vars("ds.orders", KAFKA, unicode));
    assertThat(again.at("/errors/0/extensions/rejection").asText()).isEqualTo("DATASET_NOT_BOUND");

    String dataset =
        "query($ns: String!, $n: String!, $p: Long, $at: DateTime) {"
            + " dataset(namespace: $ns, name: $n, asOf: $at, minPosition: $p)"
            + " { product bindings { product until boundBy unboundBy } } }";
    Map<String, Object> now = new HashMap<>(Map.of("ns", KAFKA, "n", unicode, "p", released));
    JsonNode history = client.query(alice, dataset, now);
    assertThat(history.at("/data/dataset/product").isNull()).as(history.toString()).isTrue();
    assertThat(history.at("/data/dataset/bindings").findValuesAsText("product"))
        .containsExactly("ds.orders", "ds.billing");
    assertThat(history.at("/data/dataset/bindings/0/boundBy").asText()).isEqualTo("alice");
    assertThat(history.at("/data/dataset/bindings/1/unboundBy").asText()).isEqualTo("bob");
    now.put("at", whileBound.toString());
    assertThat(client.query(alice, dataset, now).at("/data/dataset/product").asText())
        .isEqualTo("ds.orders");
    assertThat(
            client
                .query(alice, product, Map.of("p", released, "at", whileBound.toString()))
                .at("/data/dataProduct/datasets/0/name")
                .asText())
        .isEqualTo(unicode);
    assertThat(client.query(alice, product, Map.of("p", released)).at("/data/dataProduct/datasets"))
        .isEmpty();

    // listed, searchable and counted as unowned
    client.query(alice, BIND, vars("ds.orders", KAFKA, "orders.v1"));
    JsonNode unowned =
        client.query(
            alice,
            "query($p: Long) { datasets(unownedOnly: true, minPosition: $p)"
                + " { edges { node { namespace name product } } pageInfo { hasNextPage } } }",
            Map.of("p", released));
    assertThat(unowned.at("/data/datasets/edges").findValuesAsText("name"))
        .containsExactly(unicode);
    JsonNode found =
        client.query(
            alice, "{ datasets(text: \"überweisungen\") { edges { node { name } } } }", Map.of());
    assertThat(found.at("/data/datasets/edges").findValuesAsText("name")).containsExactly(unicode);
    JsonNode counts =
        client.query(alice, "{ unownedDatasetCounts { namespace unowned total } }", Map.of());
    assertThat(counts.at("/data/unownedDatasetCounts/0/namespace").asText()).isEqualTo(KAFKA);
    assertThat(counts.at("/data/unownedDatasetCounts/0/unowned").asInt()).isEqualTo(1);
    assertThat(counts.at("/data/unownedDatasetCounts/0/total").asInt()).isEqualTo(2);
    JsonNode paged =
        client.query(
            alice,
            "{ datasets(first: 1) { edges { cursor } pageInfo { hasNextPage endCursor } } }",
            Map.of());
    assertThat(paged.at("/data/datasets/pageInfo/hasNextPage").asBoolean()).isTrue();
    JsonNode next =
        client.query(
            alice,
            "query($c: String) { datasets(first: 5, after: $c) { edges { node { name } } } }",
            Map.of("c", paged.at("/data/datasets/pageInfo/endCursor").asText()));
    assertThat(next.at("/data/datasets/edges").size()).isEqualTo(1);
  }

  private static Map<String, Object> vars(String product, String namespace, String name) {
    return Map.of("p", product, "ns", namespace, "n", name);
  }

  private static long position(JsonNode answer, String mutation) {
    assertThat(answer.has("errors")).as(answer.toString()).isFalse();
    return answer.at("/data/" + mutation + "/position").asLong();
  }

  private static Instant pause() throws InterruptedException {
    Thread.sleep(25);
    Instant now = Instant.now();
    Thread.sleep(25);
    return now;
  }
}
