package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.api.ErrorCategory;
import io.meshgov.query.error.QueryError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The person behind a WebSocket connection, from the token of its {@code connection_init}: who,
 * with which platform roles, and until when the token holds. The web layer that checked the token
 * puts it into every operation's context under {@link #CONTEXT_KEY}.
 */
public record Subscriber(String person, Set<String> roles, Instant expiresAt) {

  public static final String CONTEXT_KEY = "meshgov.subscriber";

  public Subscriber {
    roles = Set.copyOf(roles);
  }

  /** How long the token still holds; refuses one that has expired. */
  Duration remaining(Clock clock) {
    Duration left = Duration.between(clock.instant(), expiresAt);
    if (left.isNegative() || left.isZero()) {
      throw new QueryError(
          ErrorCategory.UNAUTHENTICATED, "the token has expired: connect again with a fresh one");
    }
    return left;
  }

  /** The subscriber of a WebSocket operation, if this is one. */
  static Optional<Subscriber> of(GraphQLContext context) {
    return Optional.ofNullable(context.get(CONTEXT_KEY));
  }
}
