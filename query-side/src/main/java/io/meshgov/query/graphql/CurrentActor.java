package io.meshgov.query.graphql;

import java.util.Optional;

/** Who is asking: the authenticated person of the current request, if any. */
@FunctionalInterface
public interface CurrentActor {

  Optional<String> name();
}
