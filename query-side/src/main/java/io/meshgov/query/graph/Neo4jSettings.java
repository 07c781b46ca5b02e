package io.meshgov.query.graph;

import io.meshgov.plumbing.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.neo4j.*} and {@code meshgov.lineage.max-depth}: where the lineage graph lives and
 * how deep its walks go.
 *
 * @param uri a Neo4j server's Bolt URI; empty: an embedded Neo4j under the data folder
 * @param username the server's user
 * @param password the server's password
 */
@ConfigurationProperties("meshgov.neo4j")
public record Neo4jSettings(
    @DefaultValue("") String uri,
    @DefaultValue("") String username,
    @DefaultValue("") String password) {

  /**
   * {@code meshgov.lineage.*}.
   *
   * @param maxDepth the deepest any lineage walk goes, whatever a client asks
   */
  @ConfigurationProperties("meshgov.lineage")
  public record Lineage(@DefaultValue("100") int maxDepth) {

    public Lineage {
      Settings.atLeast(maxDepth, 1, "meshgov.lineage.max-depth");
    }
  }
}
