package io.meshgov.lineage.query;

import static io.meshgov.lineage.query.GraphValues.instant;
import static io.meshgov.lineage.query.GraphValues.text;

import io.meshgov.api.DomainName;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/** Teams with their members and products, and subscription requests. */
public final class Neo4jTeamQueries implements TeamQueries {

  private final Driver driver;

  public Neo4jTeamQueries(Driver driver) {
    this.driver = driver;
  }

  @Override
  public Optional<TeamSummary> team(TeamId team, java.time.Instant asOf) {
    long at = asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli();
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            var result =
                tx.run(
                    """
                    MATCH (t:Team {id: $team}) WHERE t.name IS NOT NULL AND t.registeredAt <= $at
                    OPTIONAL MATCH (p:Person)-[m:MEMBER_OF]->(t)
                    WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at)
                    WITH t, p, m ORDER BY p.id
                    WITH t, collect(CASE WHEN p IS NULL THEN null
                                    ELSE {person: p.id, role: m.role, since: m.since} END) AS members
                    OPTIONAL MATCH (t)-[o:OWNS]->(d:DataProduct)
                    WHERE o.since <= $at AND (o.until IS NULL OR o.until > $at)
                    WITH t, members, d ORDER BY d.id
                    RETURN t.id AS id, t.name AS name, t.domain AS domain, members,
                           collect(d.id) AS products
                    """,
                    Map.of("team", team.value(), "at", at));
            if (!result.hasNext()) {
              return Optional.<TeamSummary>empty();
            }
            Record r = result.next();
            return Optional.of(
                new TeamSummary(
                    r.get("id").asString(),
                    text(r.get("name")),
                    text(r.get("domain")),
                    r.get("members")
                        .asList(
                            m ->
                                new TeamSummary.Member(
                                    m.get("person").asString(),
                                    m.get("role").asString(),
                                    instant(m.get("since")))),
                    r.get("products").asList(Value::asString)));
          });
    }
  }

  /**
   * A subscription (bound with its product {@code p}) as it stood at {@code $at}, epoch millis: the
   * graph keeps when it was requested, approved and ended, so its status then follows from those.
   */
  private static final String SUBSCRIPTION_AT =
      """
      MATCH (s)-[:BY]->(t:Team)
      OPTIONAL MATCH (s)-[:FOR]->(c:DataProduct)
      RETURN s, p.id AS product, t.id AS team, c.id AS consuming,
             CASE WHEN s.endedAt <= $at THEN s.status
                  WHEN s.approvedAt <= $at THEN 'APPROVED' ELSE 'PENDING' END AS status,
             CASE WHEN s.approvedAt <= $at THEN s.approvedBy END AS approvedBy,
             CASE WHEN s.endedAt <= $at THEN s.endedBy END AS endedBy
      ORDER BY s.requestedAt, s.id
      """;

  @Override
  public Optional<SubscriptionSummary> subscription(
      SubscriptionId subscription, java.time.Instant asOf) {
    return subscriptions(
            """
            MATCH (s:Subscription {id: $id})-[:TO]->(p:DataProduct) WHERE s.requestedAt <= $at
            """,
            Map.of("id", subscription.value(), "at", millis(asOf)))
        .stream()
        .findFirst();
  }

  @Override
  public List<SubscriptionSummary> subscriptionsTo(
      io.meshgov.api.DataProductId product, java.time.Instant asOf, int limit) {
    return subscriptions(
        """
        MATCH (s:Subscription)-[:TO]->(p:DataProduct {id: $product}) WHERE s.requestedAt <= $at
        WITH s, p ORDER BY s.requestedAt, s.id LIMIT $limit
        """,
        Map.of("product", product.value(), "at", millis(asOf), "limit", Math.max(0, limit)));
  }

  private static long millis(java.time.Instant asOf) {
    return asOf == null ? Long.MAX_VALUE : asOf.toEpochMilli();
  }

  private List<SubscriptionSummary> subscriptions(String match, Map<String, Object> parameters) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(match + SUBSCRIPTION_AT, parameters)
                  .list(
                      r -> {
                        var s = r.get("s");
                        return new SubscriptionSummary(
                            s.get("id").asString(),
                            r.get("product").asString(),
                            r.get("team").asString(),
                            text(r.get("consuming")),
                            r.get("status").asString(),
                            text(s.get("purpose")),
                            s.get("fieldsUsed").isNull()
                                ? List.of()
                                : s.get("fieldsUsed").asList(Value::asString),
                            text(s.get("requestedBy")),
                            instant(s.get("requestedAt")),
                            text(r.get("approvedBy")),
                            text(r.get("endedBy")),
                            s.get("slaVersion").isNull() ? null : s.get("slaVersion").asInt());
                      }));
    }
  }

  private static final String DOMAIN =
      """
      OPTIONAL MATCH (o:Person)-[:OWNS_DOMAIN]->(d)
      WITH d, o ORDER BY o.id
      WITH d, collect(o.id) AS owners
      OPTIONAL MATCH (t:Team)-[:IN_DOMAIN]->(d)
      WITH d, owners, t ORDER BY t.id
      WITH d, owners, collect(t.id) AS teams
      OPTIONAL MATCH (p:DataProduct {domain: d.id}) WHERE p.lifecycle IS NOT NULL
      WITH d, owners, teams, p ORDER BY p.id
      RETURN d.id AS id, d.name AS name, d.description AS description, owners, teams,
             collect(p.id) AS products
      ORDER BY id
      """;

  @Override
  public Optional<DomainSummary> domain(DomainName domain) {
    return domains("MATCH (d:Domain {id: $id})\n", Map.of("id", domain.value())).stream()
        .findFirst();
  }

  @Override
  public List<DomainSummary> domains(int limit) {
    return domains(
        "MATCH (d:Domain) WITH d ORDER BY d.id LIMIT $limit\n",
        Map.of("limit", Math.max(0, Math.min(limit, 1000))));
  }

  private List<DomainSummary> domains(String match, Map<String, Object> parameters) {
    try (var session = driver.session()) {
      return session.executeRead(
          tx ->
              tx.run(match + DOMAIN, parameters)
                  .list(
                      r ->
                          new DomainSummary(
                              r.get("id").asString(),
                              text(r.get("name")),
                              text(r.get("description")),
                              r.get("owners").asList(Value::asString),
                              r.get("teams").asList(Value::asString),
                              r.get("products").asList(Value::asString))));
    }
  }
}
