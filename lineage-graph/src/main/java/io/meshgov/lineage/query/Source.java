package io.meshgov.lineage.query;

import java.util.EnumSet;
import java.util.Set;

/** Where a lineage edge is known from. */
public enum Source {
  /** An owner declared it (declareUpstream, field mappings). */
  DECLARED,
  /**
   * A pipeline was seen doing it (OpenLineage: a job reading one product's dataset and writing
   * another's, a column-lineage facet).
   */
  OBSERVED;

  /** Both, the default of every walk. */
  public static Set<Source> both() {
    return EnumSet.allOf(Source.class);
  }
}
