package io.meshgov.command.audit;

import java.util.List;

/**
 * Which aggregates a domain or a team covers, as SQL conditions on an aggregate id column, for the
 * audit search and the export alike: a domain is its own stream, its teams, the products named
 * after it and the subscriptions to them or by its teams; a team is itself, the products it owns
 * now and the subscriptions by it or to its products.
 */
final class AggregateScope {

  private AggregateScope() {}

  static void domain(StringBuilder where, List<Object> args, String column, String domain) {
    String prefix = likePrefix(domain);
    where.append(
        " and ("
            + column
            + " = ? or "
            + column
            + " like ? or "
            + column
            + " in (select team_id from lookup_team where domain_id = ?) or "
            + column
            + " in (select subscription_id from lookup_subscription s"
            + " where s.product_id like ? or s.consumer_team in"
            + " (select team_id from lookup_team where domain_id = ?)))");
    args.addAll(List.of("domain:" + domain, prefix, domain, prefix, domain));
  }

  static void team(StringBuilder where, List<Object> args, String column, String team) {
    where.append(
        " and ("
            + column
            + " = ? or "
            + column
            + " in (select product_id from lookup_product where owning_team = ?) or "
            + column
            + " in (select subscription_id from lookup_subscription s"
            + " where s.consumer_team = ? or s.product_id in"
            + " (select product_id from lookup_product where owning_team = ?)))");
    args.addAll(List.of(team, team, team, team));
  }

  /** {@code <domain>.%} for LIKE, with LIKE's own characters taken literally. */
  static String likePrefix(String domain) {
    return domain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%";
  }
}
