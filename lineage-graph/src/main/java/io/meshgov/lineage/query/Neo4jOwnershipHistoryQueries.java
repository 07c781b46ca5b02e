package io.meshgov.lineage.query;

import static io.meshgov.lineage.query.GraphValues.instant;
import static io.meshgov.lineage.query.GraphValues.text;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.OwnershipHistory.OwnerPeriod;
import io.meshgov.lineage.query.OwnershipHistory.StewardPeriod;
import io.meshgov.lineage.query.OwnershipHistory.Transfer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;

/** Who owned and stewarded a product when, and the transfer requests between owners. */
public final class Neo4jOwnershipHistoryQueries implements OwnershipHistoryQueries {

  private final Driver driver;

  public Neo4jOwnershipHistoryQueries(Driver driver) {
    this.driver = driver;
  }

  @Override
  public Optional<OwnershipHistory> ownershipHistory(DataProductId productId) {
    String product = productId.value();
    try (var session = driver.session()) {
      return session.executeRead(
          tx -> {
            Map<String, Object> p = Map.of("product", product);
            if (!tx.run("MATCH (p:DataProduct {id: $product}) RETURN p", p).hasNext()) {
              return Optional.empty();
            }
            List<OwnerPeriod> owners =
                tx.run(
                        """
                        MATCH (t:Team)-[o:OWNS]->(:DataProduct {id: $product})
                        RETURN t.id AS team, o.since AS since, o.until AS until,
                               o.transferId AS transferId, o.requestedBy AS requestedBy,
                               o.approvedBy AS approvedBy
                        ORDER BY o.sincePosition
                        """,
                        p)
                    .list(
                        r ->
                            new OwnerPeriod(
                                r.get("team").asString(),
                                instant(r.get("since")),
                                instant(r.get("until")),
                                text(r.get("transferId")),
                                text(r.get("requestedBy")),
                                text(r.get("approvedBy"))));
            List<StewardPeriod> stewards =
                tx.run(
                        """
                        MATCH (s:Person)-[w:STEWARDS]->(:DataProduct {id: $product})
                        RETURN s.id AS person, w.since AS since, w.until AS until
                        ORDER BY w.sincePosition
                        """,
                        p)
                    .list(
                        r ->
                            new StewardPeriod(
                                r.get("person").asString(),
                                instant(r.get("since")),
                                instant(r.get("until"))));
            List<Transfer> transfers =
                tx.run(
                        """
                        MATCH (x:OwnershipTransfer)-[:OF]->(:DataProduct {id: $product}),
                              (x)-[:FROM]->(f:Team), (x)-[:TO]->(t:Team)
                        RETURN x, f.id AS fromTeam, t.id AS toTeam
                        ORDER BY x.requestPosition
                        """,
                        p)
                    .list(Neo4jOwnershipHistoryQueries::transfer);
            String owner =
                owners.stream()
                    .filter(o -> o.until() == null)
                    .map(OwnerPeriod::team)
                    .findFirst()
                    .orElse(null);
            String steward =
                stewards.stream()
                    .filter(s -> s.until() == null)
                    .map(StewardPeriod::person)
                    .findFirst()
                    .orElse(null);
            return Optional.of(
                new OwnershipHistory(product, owner, steward, owners, stewards, transfers));
          });
    }
  }

  private static Transfer transfer(Record r) {
    var x = r.get("x");
    return new Transfer(
        x.get("id").asString(),
        r.get("fromTeam").asString(),
        r.get("toTeam").asString(),
        x.get("status").asString(),
        text(x.get("reason")),
        text(x.get("requestedBy")),
        instant(x.get("requestedAt")),
        instant(x.get("expiresAt")),
        text(x.get("endedBy")),
        instant(x.get("endedAt")));
  }
}
