package io.meshgov.lineage.query;

import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.util.Optional;

/** Teams and the subscriptions between teams and products. */
public interface TeamQueries {

  /** A team with its current members (by person) and the products it owns now (by id). */
  Optional<TeamSummary> team(TeamId team);

  /** One subscription request and where it stands; empty if unknown. */
  Optional<SubscriptionSummary> subscription(SubscriptionId subscription);
}
