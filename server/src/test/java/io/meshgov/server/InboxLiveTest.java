package io.meshgov.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.query.live.LiveUpdates;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.LiveClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;

/**
 * The inbox over real HTTP and a real WebSocket: an item arrives live after the mutation that
 * causes it, a reconnecting person reads what they missed and marks it read, and a connection
 * without a good token gets nothing.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InboxLiveTest {

  private static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"amount\",\"type\":\"long\"}]}";
  private static final String INBOX_ITEMS =
      "subscription { inboxItems { id kind message product subscription actor position read } }";

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void dataInTemporaryFolder(DynamicPropertyRegistry registry) {
    registry.add("meshgov.data-dir", () -> dataDir.toString());
  }

  @LocalServerPort int port;
  @Autowired LiveUpdates live;
  private GraphQlClient client;
  private String alice;
  private String bob;
  private String bea;

  private static boolean meshBuilt;

  @BeforeEach
  void aMesh() throws Exception {
    client = new GraphQlClient(port, dataDir);
    alice = client.token("alice");
    bob = client.token("bob");
    bea = client.token("bea");
    if (meshBuilt) {
      return;
    }
    meshBuilt = true;
    client.domains("payments", "finance");
    ok(
        alice,
        "mutation { registerTeam(input: {teamId: \"payments-core\", name: \"P\", domain: \"payments\"}) { id } }");
    ok(
        bob,
        "mutation { registerTeam(input: {teamId: \"finance\", name: \"F\", domain: \"finance\"}) { id } }");
    ok(bob, "mutation { addTeamMember(input: {teamId: \"finance\", person: \"bea\"}) { id } }");
    ok(
        alice,
        "mutation { registerDataProduct(input: {productId: \"payments.settlements\", owningTeam: \"payments-core\"}) { id } }");
    ok(
        alice,
        "mutation($s: String!) { publishSchemaVersion(input: {productId: \"payments.settlements\", avroSchema: $s}) { id } }",
        Map.of("s", SCHEMA));
  }

  private JsonNode ok(String token, String document) throws Exception {
    return ok(token, document, Map.of());
  }

  private JsonNode ok(String token, String document, Map<String, Object> variables)
      throws Exception {
    JsonNode answer = client.query(token, document, variables);
    assertThat(answer.path("errors").isMissingNode()).as(answer.toString()).isTrue();
    return answer.path("data");
  }

  private static <T> Disposable collect(
      reactor.core.publisher.Flux<T> stream, BlockingQueue<T> into) {
    return stream.subscribe(into::add, e -> {});
  }

  @Test
  void an_item_arrives_live_after_the_mutation_that_causes_it() throws Exception {
    BlockingQueue<Map<String, Object>> alicesItems = new LinkedBlockingQueue<>();
    BlockingQueue<Map<String, Object>> changes = new LinkedBlockingQueue<>();
    try (LiveClient aliceLive = new LiveClient(port, alice);
        LiveClient beaLive = new LiveClient(port, bea)) {
      Disposable items =
          collect(aliceLive.subscribe(INBOX_ITEMS, Map.of(), "inboxItems"), alicesItems);
      Disposable watched =
          collect(
              beaLive.subscribe(
                  "subscription($id: ID!) { productChanged(id: $id) { productId eventType position actor } }",
                  Map.of("id", "payments.settlements"),
                  "productChanged"),
              changes);
      awaitSubscribed(2);

      JsonNode requested =
          ok(
              bob,
              "mutation { requestSubscription(input: {product: \"payments.settlements\","
                  + " consumerTeam: \"finance\", purpose: \"month-end close\"}) { createdId position } }");
      String subscription = requested.at("/requestSubscription/createdId").asText();

      Map<String, Object> item = alicesItems.poll(10, TimeUnit.SECONDS);
      assertThat(item).as("alice's live item").isNotNull();
      assertThat(item)
          .containsEntry("kind", "SUBSCRIPTION_REQUESTED")
          .containsEntry("subscription", subscription)
          .containsEntry("actor", "bob")
          .containsEntry("read", false);
      assertThat(((Number) item.get("position")).longValue())
          .isEqualTo(requested.at("/requestSubscription/position").asLong());
      // the set-up's own changes may still be on their way to the graph: skip them
      Map<String, Object> change = changes.poll(10, TimeUnit.SECONDS);
      while (change != null && !"SubscriptionRequested".equals(change.get("eventType"))) {
        change = changes.poll(10, TimeUnit.SECONDS);
      }
      assertThat(change)
          .containsEntry("productId", "payments.settlements")
          .containsEntry("eventType", "SubscriptionRequested")
          .containsEntry("actor", "bob");
      // bob caused it and is not alice: nothing else arrived for alice
      assertThat(alicesItems.poll(300, TimeUnit.MILLISECONDS)).isNull();
      items.dispose();
      watched.dispose();
    }
  }

  @Test
  void a_person_who_was_away_reads_what_they_missed_and_marks_it_read() throws Exception {
    // nobody listens: bea asks, alice is away
    JsonNode requested =
        ok(
            bea,
            "mutation { requestSubscription(input: {product: \"payments.settlements\","
                + " consumerTeam: \"finance\", purpose: \"risk\", subscriptionId: \"sub_risk\"}) { position } }");
    long position = requested.at("/requestSubscription/position").asLong();
    JsonNode inbox =
        ok(
            alice,
            "query($p: Long) { inbox(unreadOnly: true, first: 50, minPosition: $p) {"
                + " unreadCount edges { cursor node { id kind subscription read } } pageInfo { hasNextPage } } }",
            Map.of("p", position));
    List<JsonNode> mine = inbox.at("/inbox/edges").findValues("node");
    JsonNode missed =
        mine.stream()
            .filter(n -> n.path("subscription").asText().equals("sub_risk"))
            .findFirst()
            .orElseThrow();
    assertThat(missed.path("kind").asText()).isEqualTo("SUBSCRIPTION_REQUESTED");
    long unread = inbox.at("/inbox/unreadCount").asLong();
    assertThat(unread).isGreaterThanOrEqualTo(1);

    // bob cannot mark alice's item; alice can
    JsonNode bobs =
        ok(
            bob,
            "mutation($ids: [ID!]) { markRead(input: {ids: $ids}) { marked unreadCount } }",
            Map.of("ids", List.of(missed.path("id").asText())));
    assertThat(bobs.at("/markRead/marked").asInt()).isZero();
    JsonNode marked =
        ok(
            alice,
            "mutation($ids: [ID!]) { markRead(input: {ids: $ids}) { marked unreadCount } }",
            Map.of("ids", List.of(missed.path("id").asText())));
    assertThat(marked.at("/markRead/marked").asInt()).isEqualTo(1);
    assertThat(marked.at("/markRead/unreadCount").asLong()).isEqualTo(unread - 1);
    JsonNode all = ok(alice, "mutation { markRead(input: {all: true}) { unreadCount } }");
    assertThat(all.at("/markRead/unreadCount").asLong()).isZero();

    JsonNode bad = client.query(alice, "mutation { markRead(input: {}) { marked } }", Map.of());
    assertThat(bad.at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void a_connection_without_a_good_token_gets_nothing() throws Exception {
    for (String token :
        new String[] {null, "not-a-token", alice.substring(0, alice.length() - 4) + "AAAA"}) {
      int before = live.openSubscriptions();
      try (LiveClient stranger = new LiveClient(port, token)) {
        long started = System.nanoTime();
        Throwable refused =
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    stranger
                        .subscribe(INBOX_ITEMS, Map.of(), "inboxItems")
                        .blockFirst(Duration.ofSeconds(20)));
        // closed by the server at once, not a stream that merely stays silent
        assertThat(refused).as("token %s", token).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(15));
        assertThat(String.valueOf(refused.getMessage())).doesNotContainIgnoringCase("timeout");
      }
      assertThat(live.openSubscriptions()).isEqualTo(before);
    }
  }

  @Test
  void a_stream_ends_when_its_token_expires() throws Exception {
    String shortLived = client.shortLivedToken("alice", 3);
    try (LiveClient aliceLive = new LiveClient(port, shortLived)) {
      Boolean ended =
          aliceLive
              .subscribe(INBOX_ITEMS, Map.of(), "inboxItems")
              .then(reactor.core.publisher.Mono.just(true))
              .block(Duration.ofSeconds(15));
      assertThat(ended).isTrue();
    }
  }

  @Test
  void queries_go_over_http_not_the_websocket() throws Exception {
    try (LiveClient aliceLive = new LiveClient(port, alice)) {
      for (String document :
          List.of(
              "query { inbox { unreadCount } }",
              "mutation { markRead(input: {all: true}) { marked } }",
              "mutation { registerTeam(input: {teamId: \"ws-team\", name: \"W\", domain: \"payments\"}) { id } }",
              "not graphql {")) {
        var answer = aliceLive.execute(document).blockFirst(Duration.ofSeconds(10));
        assertThat(answer.getErrors()).as(document).isNotEmpty();
        assertThat(answer.getErrors().get(0).getExtensions())
            .containsEntry("code", "INVALID_INPUT");
      }
      // nothing of it happened
      assertThat(
              client
                  .query(alice, "{ team(id: \"ws-team\") { id } }", Map.of())
                  .at("/data/team")
                  .isNull())
          .isTrue();
    }
  }

  /** Waits until the server has opened the streams (a subscribe is answered asynchronously). */
  private void awaitSubscribed(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (live.openSubscriptions() >= count) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the subscriptions did not open");
  }
}
