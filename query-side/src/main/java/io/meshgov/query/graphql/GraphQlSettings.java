package io.meshgov.query.graphql;

import io.meshgov.plumbing.Settings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.graphql.*}: the bounds of the GraphQL API.
 *
 * @param readYourWritesTimeout the longest one request waits for the graph to reach a position
 * @param readYourWritesMaxWaiting how many requests may wait at once
 * @param maxDepth the deepest a query may nest
 * @param maxComplexity the most a query may cost (list and store-reading fields weigh more)
 */
@ConfigurationProperties("meshgov.graphql")
public record GraphQlSettings(
    @DefaultValue("PT5S") Duration readYourWritesTimeout,
    @DefaultValue("32") int readYourWritesMaxWaiting,
    @DefaultValue("12") int maxDepth,
    @DefaultValue("400") int maxComplexity) {

  public GraphQlSettings {
    if (readYourWritesTimeout.isNegative()) {
      throw new IllegalArgumentException("meshgov.graphql.read-your-writes-timeout is negative");
    }
    Settings.atLeast(readYourWritesMaxWaiting, 1, "meshgov.graphql.read-your-writes-max-waiting");
    Settings.atLeast(maxDepth, 1, "meshgov.graphql.max-depth");
    Settings.atLeast(maxComplexity, 1, "meshgov.graphql.max-complexity");
  }
}
