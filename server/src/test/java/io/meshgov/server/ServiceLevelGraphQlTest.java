package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * A consumer accepts an agreement; its owner tries to weaken it and is held to the notice it
 * promised; the graph and the replayed state show which version is in force when.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceLevelGraphQlTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;

  private static Map<String, Object> terms(String freshness, double availability, int notice) {
    return Map.of(
        "freshness",
        freshness,
        "availability",
        availability,
        "supportHours",
        "Mon-Fri 08:00-18:00 CET",
        "contact",
        "#payments-data",
        "retentionDays",
        365,
        "noticeDays",
        notice);
  }

  private JsonNode publish(GraphQlClient client, String token, Map<String, Object> input)
      throws Exception {
    return client.query(
        token,
        "mutation($i: PublishServiceLevelAgreementInput!) {"
            + " publishServiceLevelAgreement(input: $i) { id position } }",
        Map.of("i", input));
  }

  private static JsonNode ok(JsonNode answer) {
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.path("data");
  }

  @Test
  void an_owner_is_held_to_the_notice_the_accepted_agreement_promised() throws Exception {
    var client = new GraphQlClient(port, dataDir);
    String alice = client.token("alice");
    String bob = client.token("bob");
    client.domains("payments", "finance");
    ok(
        client.query(
            alice,
            "mutation { registerTeam(input: {teamId: \"payments-core\", name: \"P\","
                + " domain: \"payments\"}) { id } }",
            Map.of()));
    ok(
        client.query(
            bob,
            "mutation { registerTeam(input: {teamId: \"finance\", name: \"F\","
                + " domain: \"finance\"}) { id } }",
            Map.of()));
    ok(
        client.query(
            alice,
            "mutation { registerDataProduct(input: {productId: \"payments.settlements\","
                + " owningTeam: \"payments-core\"}) { id } }",
            Map.of()));
    ok(
        client.query(
            alice,
            "mutation($s: String!) { publishSchemaVersion(input: {productId:"
                + " \"payments.settlements\", avroSchema: $s}) { id } }",
            Map.of("s", SCHEMA)));

    ok(
        publish(
            client,
            alice,
            Map.of("productId", "payments.settlements", "sla", terms("PT15M", 99.9, 30))));

    // the consumer accepts version 1, by name; an outdated version is refused
    String request =
        "mutation($v: Int) { requestSubscription(input: {product: \"payments.settlements\","
            + " consumerTeam: \"finance\", purpose: \"close\", acceptedSlaVersion: $v})"
            + " { createdId position } }";
    JsonNode mismatch = client.query(bob, request, Map.of("v", 2));
    assertThat(mismatch.at("/errors/0/extensions/rejection").asText())
        .isEqualTo("SLA_VERSION_MISMATCH");
    JsonNode requested = ok(client.query(bob, request, Map.of("v", 1)));
    String subscription = requested.at("/requestSubscription/createdId").asText();
    JsonNode approved =
        ok(
            client.query(
                alice,
                "mutation($id: ID!) { approveSubscription(input: {subscriptionId: $id})"
                    + " { position dataSubscription { slaVersion status } } }",
                Map.of("id", subscription)));
    assertThat(approved.at("/approveSubscription/dataSubscription/slaVersion").asInt())
        .isEqualTo(1);

    // weaker: refused without a reason, refused with too little notice, accepted with both
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Map<String, Object> weaker = new HashMap<>();
    weaker.put("productId", "payments.settlements");
    weaker.put("sla", terms("PT1H", 99.0, 30));
    JsonNode noReason = publish(client, alice, weaker);
    assertThat(noReason.at("/errors/0/extensions/code").asText()).isEqualTo("BREAKING_CHANGE");
    assertThat(noReason.at("/errors/0/extensions/rejection").asText()).isEqualTo("SLA_WEAKENED");
    assertThat(noReason.at("/errors/0/extensions/affectedSubscriptions/0").asText())
        .startsWith(subscription);
    weaker.put("reason", "a cheaper cluster");
    weaker.put("effectiveFrom", today.plusDays(10).toString());
    assertThat(publish(client, alice, weaker).at("/errors/0/extensions/rejection").asText())
        .isEqualTo("SLA_NOTICE_TOO_SHORT");
    weaker.put("effectiveFrom", today.plusDays(31).toString());
    long position =
        ok(publish(client, alice, weaker)).at("/publishServiceLevelAgreement/position").asLong();

    String later = today.plusDays(32).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    JsonNode product =
        ok(
            client.query(
                bob,
                "query($p: Long, $later: DateTime) { dataProduct(id: \"payments.settlements\","
                    + " minPosition: $p) {"
                    + " sla { version terms { freshness availability noticeDays } }"
                    + " later: sla(asOf: $later) { version terms { freshness } effectiveFrom }"
                    + " slaVersions { version weakenedTerms noticeTo } } }",
                Map.of("p", position, "later", later)));
    assertThat(product.at("/dataProduct/sla/version").asInt()).isEqualTo(1);
    assertThat(product.at("/dataProduct/sla/terms/freshness").asText()).isEqualTo("PT15M");
    assertThat(product.at("/dataProduct/later/version").asInt()).isEqualTo(2);
    assertThat(product.at("/dataProduct/later/terms/freshness").asText()).isEqualTo("PT1H");
    assertThat(product.at("/dataProduct/slaVersions/1/noticeTo").toString())
        .isEqualTo("[\"" + subscription + "\"]");
    assertThat(product.at("/dataProduct/slaVersions/1/weakenedTerms").size()).isEqualTo(2);

    // the auditor's replay agrees with the graph, now and after the date
    String asOf =
        "query($at: DateTime!) { dataProductAsOf(id: \"payments.settlements\", at: $at)"
            + " { sla { version } } }";
    assertThat(
            ok(client.query(alice, asOf, Map.of("at", java.time.Instant.now().toString())))
                .at("/dataProductAsOf/sla/version")
                .asInt())
        .isEqualTo(1);
    assertThat(
            ok(client.query(alice, asOf, Map.of("at", later)))
                .at("/dataProductAsOf/sla/version")
                .asInt())
        .isEqualTo(2);
  }
}
