package io.meshgov.query.graph;

import io.meshgov.plumbing.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.graph.*}: how the lineage graph is fed.
 *
 * @param feed {@code store} (this process's event store, the embedded default) or {@code kafka}
 * @param batchSize events per batch of the store feed
 * @param rebuild rebuild the graph at start-up (from the store, or from the topic's beginning)
 * @param rebuildBatchSize events per transaction of a rebuild from the store
 */
@ConfigurationProperties("meshgov.graph")
public record GraphSettings(
    @DefaultValue("store") String feed,
    @DefaultValue("1000") int batchSize,
    @DefaultValue("false") boolean rebuild,
    @DefaultValue("5000") int rebuildBatchSize) {

  public GraphSettings {
    feed = feed.trim().toLowerCase(java.util.Locale.ROOT);
    if (!feed.equals("store") && !feed.equals("kafka")) {
      throw new IllegalArgumentException("meshgov.graph.feed is store or kafka, not " + feed);
    }
    Settings.atLeast(batchSize, 1, "meshgov.graph.batch-size");
    Settings.atLeast(rebuildBatchSize, 1, "meshgov.graph.rebuild-batch-size");
  }
}
