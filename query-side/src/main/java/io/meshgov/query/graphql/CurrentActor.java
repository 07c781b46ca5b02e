package io.meshgov.query.graphql;

import java.util.Optional;
import java.util.Set;

/** Who is asking: the authenticated person of the current request, if any. */
@FunctionalInterface
public interface CurrentActor {

  Optional<String> name();

  /** The person's platform roles ({@code admin}, {@code auditor}, ...), from their token. */
  default Set<String> roles() {
    return Set.of();
  }
}
