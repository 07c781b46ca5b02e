package io.meshgov.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.testsupport.GraphQlClient;
import io.meshgov.testsupport.LiveClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;

/**
 * How long an inbox item takes from the mutation that causes it to a person listening over
 * WebSocket, with many people listening: the embedded default application, {@code subscribers}
 * people in one team each holding an {@code inboxItems} subscription on a connection of their own;
 * each round asks that team to take over a product (one item for every member) and cancels the
 * request again. The delay of an item is measured from the moment the mutation was sent.
 */
public final class LiveBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int subscribers = Integer.parseInt(options.getOrDefault("subscribers", "100"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "100"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
    Path dataDir = Files.createTempDirectory("meshgov-live-benchmark");
    ConfigurableApplicationContext app = Scratch.embeddedApplication(dataDir);
    int status = 0;
    List<LiveClient> connections = new ArrayList<>();
    List<Disposable> streams = new ArrayList<>();
    try {
      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      GraphQlClient client = new GraphQlClient(port, dataDir);
      String alice = client.shortLivedToken("alice", 3600);
      String bob = client.shortLivedToken("bob", 3600);
      client.domains("bench");
      ok(
          client,
          alice,
          "mutation { registerTeam(input: {teamId: \"givers\", name: \"G\", domain: \"bench\"}) { id } }");
      ok(
          client,
          bob,
          "mutation { registerTeam(input: {teamId: \"receivers\", name: \"R\", domain: \"bench\"}) { id } }");
      ok(
          client,
          alice,
          "mutation { registerDataProduct(input: {productId: \"bench.x\", owningTeam: \"givers\"}) { id } }");

      // transfer id -> how many members still wait for its item; delays in milliseconds
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      Map<String, CountDownLatch> pending = new ConcurrentHashMap<>();
      List<Long> delays = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < subscribers; i++) {
        String person = String.format("r%03d", i);
        ok(
            client,
            bob,
            "mutation($p: ID!) { addTeamMember(input: {teamId: \"receivers\", person: $p}) { id } }",
            Map.of("p", person));
        LiveClient live = new LiveClient(port, client.shortLivedToken(person, 3600));
        connections.add(live);
        streams.add(
            live.subscribe("subscription { inboxItems { transfer kind } }", Map.of(), "inboxItems")
                .subscribe(
                    item -> {
                      long now = System.nanoTime();
                      String transfer = (String) item.get("transfer");
                      Long sent = transfer == null ? null : sentAt.get(transfer);
                      CountDownLatch latch = transfer == null ? null : pending.get(transfer);
                      if (sent != null && latch != null) {
                        delays.add(now - sent);
                        latch.countDown();
                      }
                    },
                    e -> System.err.println("a subscription failed: " + e)));
      }
      Thread.sleep(2000); // every subscribe answered
      int missing = 0;
      for (int round = 0; round < warmup + rounds; round++) {
        if (round == warmup) {
          delays.clear();
        }
        String transfer = "trf_bench-" + round;
        CountDownLatch latch = new CountDownLatch(subscribers);
        pending.put(transfer, latch);
        sentAt.put(transfer, System.nanoTime());
        ok(
            client,
            alice,
            "mutation($t: ID!) { requestOwnershipTransfer(input: {productId: \"bench.x\","
                + " targetTeam: \"receivers\", reason: \"benchmark\", transferId: $t}) { id } }",
            Map.of("t", transfer));
        if (!latch.await(10, TimeUnit.SECONDS)) {
          missing += (int) latch.getCount();
        }
        ok(
            client,
            alice,
            "mutation($t: ID!) { cancelOwnershipTransfer(input: {productId: \"bench.x\","
                + " transferId: $t}) { id } }",
            Map.of("t", transfer));
      }
      List<Long> sorted = new ArrayList<>(delays);
      Collections.sort(sorted);
      System.out.printf(
          "## Live inbox delay, %d cores, Java %s%n%n",
          Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      System.out.println(
          "| subscribers | rounds | items | missing | p50 ms | p95 ms | p99 ms | max ms |");
      System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
      System.out.printf(
          "| %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |%n",
          subscribers,
          rounds,
          sorted.size(),
          missing,
          ms(sorted, 0.50),
          ms(sorted, 0.95),
          ms(sorted, 0.99),
          ms(sorted, 1.0));
      if (missing > 0) {
        status = 1;
      }
    } finally {
      streams.forEach(Disposable::dispose);
      for (LiveClient live : connections) {
        try {
          live.close();
        } catch (RuntimeException e) {
          // closing anyway
        }
      }
      app.close();
    }
    System.exit(status);
  }

  private static double ms(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(quantile * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
  }

  private static void ok(GraphQlClient client, String token, String document) throws Exception {
    ok(client, token, document, Map.of());
  }

  private static void ok(
      GraphQlClient client, String token, String document, Map<String, Object> variables)
      throws Exception {
    JsonNode answer = client.query(token, document, variables);
    if (answer.has("errors")) {
      throw new IllegalStateException(answer.toString());
    }
  }
}
