package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/** Where the mesh drifted from its governance: observed lineage held against declarations. */
public interface DriftQueries {

  /**
   * Every finding whose evidence was seen at or after {@code since} (null: any time), about
   * products of {@code domain} or owned by {@code team} (null: all); a declared upstream counts as
   * stale when no run showed it after {@code staleBefore}. At most {@code limit}, by product.
   */
  List<DriftFinding> drift(
      String domain, String team, String product, Instant since, Instant staleBefore, int limit);
}
