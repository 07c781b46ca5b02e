package io.meshgov.benchmarks;

import io.meshgov.api.Classification;
import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.PersonId;
import io.meshgov.api.SchemaField;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.TransferId;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.AggregateIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic but realistic mesh: products in creation order, each reading about three earlier
 * products picked by preferential attachment, so a few sources feed very many products (a long
 * tail), as shared reference data does in real meshes.
 */
final class SyntheticMesh {

  /** Upstream lists per product: {@code upstreams[i]} are indexes below {@code i}. */
  static int[][] dag(int products, long seed) {
    Random random = new Random(seed);
    int[][] upstreams = new int[products][];
    List<Integer> endpoints = new ArrayList<>();
    for (int i = 0; i < products; i++) {
      int wanted = i == 0 ? 0 : Math.min(i, 1 + random.nextInt(5)); // 1..5, mean 3
      Set<Integer> chosen = new LinkedHashSet<>();
      while (chosen.size() < wanted) {
        // half the time a product that already feeds others (the rich get richer), else any
        int candidate =
            !endpoints.isEmpty() && random.nextBoolean()
                ? endpoints.get(random.nextInt(endpoints.size()))
                : random.nextInt(i);
        chosen.add(candidate);
      }
      upstreams[i] = chosen.stream().mapToInt(Integer::intValue).toArray();
      for (int u : upstreams[i]) {
        endpoints.add(u);
      }
    }
    return upstreams;
  }

  static String productId(int i) {
    return "d" + (i % 50) + ".p" + i;
  }

  /**
   * An event log of about {@code target} events in the order a store would hold them: teams, then
   * per product its registration, schema and lineage, with subscriptions, steward changes and
   * ownership transfers mixed in.
   */
  static List<GovernanceEvent> events(int target, long seed) {
    Random random = new Random(seed);
    int products = Math.max(10, target / 5);
    int[][] dag = dag(products, seed);
    Log log = new Log();
    int teams = Math.max(2, products / 40);
    for (int t = 0; t < teams; t++) {
      TeamId team = TeamId.of("team-" + t);
      log.add(new TeamRegisteredEvent(team, "Team " + t, DomainName.of("d" + (t % 50))));
      log.add(new TeamMemberAddedEvent(team, PersonId.of("lead" + t), TeamRole.LEAD));
      log.add(new TeamMemberAddedEvent(team, PersonId.of("dev" + t), TeamRole.MEMBER));
    }
    List<SchemaField> fields =
        List.of(
            new SchemaField("id", "\"string\"", false),
            new SchemaField("amount", "\"long\"", false),
            new SchemaField("note", "[\"null\",\"string\"]", true));
    for (int i = 0; i < products && log.size() < target; i++) {
      DataProductId product = DataProductId.of(productId(i));
      TeamId owner = TeamId.of("team-" + (i % teams));
      log.add(
          new DataProductRegisteredEvent(
              product,
              owner,
              PersonId.of("lead" + (i % teams)),
              "synthetic product " + i,
              List.of("tag" + (i % 20)),
              Classification.INTERNAL,
              "kafka:" + product,
              CompatibilityMode.BACKWARD));
      log.add(
          new SchemaVersionPublishedEvent(
              product, 1, "{}", fields, CompatibilityMode.BACKWARD, null));
      for (int u : dag[i]) {
        List<FieldMapping> mappings =
            random.nextInt(3) == 0
                ? List.of(new FieldMapping("amount", List.of("amount"), "sum"))
                : List.of();
        log.add(new UpstreamDeclaredEvent(product, DataProductId.of(productId(u)), mappings));
      }
      if (i > 0 && random.nextInt(4) == 0) {
        SubscriptionId subscription = SubscriptionId.of("sub_" + i);
        DataProductId source = DataProductId.of(productId(random.nextInt(i)));
        log.add(
            new SubscriptionRequestedEvent(
                subscription,
                source,
                owner,
                product,
                "feeds " + product,
                List.of("amount"),
                PersonId.of("dev" + (i % teams)),
                null));
        log.add(
            new SubscriptionApprovedEvent(
                subscription, source, owner, List.of("amount"), PersonId.of("lead0")));
      }
      if (random.nextInt(20) == 0) {
        log.add(
            new StewardAssignedEvent(
                product, PersonId.of("steward" + i), PersonId.of("lead" + (i % teams))));
      }
      if (random.nextInt(25) == 0) {
        TeamId to = TeamId.of("team-" + ((i + 1) % teams));
        TransferId transfer = TransferId.of("trf_" + i);
        log.add(
            new OwnershipTransferRequestedEvent(
                product,
                transfer,
                owner,
                to,
                PersonId.of("lead" + (i % teams)),
                "reorg",
                log.time().plusSeconds(86400)));
        log.add(
            new OwnershipTransferAcceptedEvent(
                product,
                transfer,
                owner,
                to,
                PersonId.of("lead" + (i % teams)),
                PersonId.of("dev" + ((i + 1) % teams))));
      }
    }
    return log.events;
  }

  private static final class Log {
    private final List<GovernanceEvent> events = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    void add(Object payload) {
      String aggregate = AggregateIds.of(payload);
      long sequence = sequences.merge(aggregate, 1L, Long::sum) - 1;
      clock = clock.plusMillis(250);
      long position = events.size() + 1;
      events.add(
          new GovernanceEvent(
              "evt-" + position,
              aggregate,
              sequence,
              position,
              clock,
              payload,
              "bench",
              null,
              null,
              null));
    }

    Instant time() {
      return clock;
    }

    int size() {
      return events.size();
    }
  }
}
