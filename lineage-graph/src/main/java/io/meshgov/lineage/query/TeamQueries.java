package io.meshgov.lineage.query;

import io.meshgov.api.DomainName;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.List;
import java.util.Optional;

/** Teams and the subscriptions between teams and products. */
public interface TeamQueries {

  /** A team with its current members (by person) and the products it owns now (by id). */
  default Optional<TeamSummary> team(TeamId team) {
    return team(team, null);
  }

  /**
   * A team as it was at {@code asOf} (null: now): the members then, each with the role held then,
   * and the products it owned then; empty if it did not exist yet.
   */
  Optional<TeamSummary> team(TeamId team, java.time.Instant asOf);

  /** A domain with its owners, teams and products; empty if unknown. */
  Optional<DomainSummary> domain(DomainName domain);

  /** Every domain, by id (at most {@code limit}). */
  List<DomainSummary> domains(int limit);

  /** One subscription request and where it stands; empty if unknown. */
  default Optional<SubscriptionSummary> subscription(SubscriptionId subscription) {
    return subscription(subscription, null);
  }

  /**
   * One subscription as it stood at {@code asOf} (null: now): pending until approved, then approved
   * until it ended; empty if unknown or not requested yet.
   */
  Optional<SubscriptionSummary> subscription(SubscriptionId subscription, java.time.Instant asOf);

  /**
   * The subscriptions to a product requested by {@code asOf} (null: now), each as it stood then,
   * oldest request first, at most {@code limit}.
   */
  List<SubscriptionSummary> subscriptionsTo(
      io.meshgov.api.DataProductId product, java.time.Instant asOf, int limit);
}
