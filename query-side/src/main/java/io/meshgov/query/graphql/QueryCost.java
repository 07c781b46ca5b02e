package io.meshgov.query.graphql;

import graphql.analysis.FieldComplexityEnvironment;
import java.util.Map;

/**
 * What a field costs when graphql-java weighs a query before running it. A plain field costs 1.
 * Fields that read much (the store, a walk, a page) cost what they may read, so that aliases, which
 * repeat a field, multiply its cost and a query cannot ask the same expensive answer forty times
 * within the limit ({@code meshgov.graphql.max-complexity}, 400 by default).
 */
final class QueryCost {

  /** Fixed weights of the root fields that walk the graph or replay the store. */
  private static final Map<String, Integer> ROOT =
      Map.ofEntries(
          Map.entry("lineage", 40),
          Map.entry("fieldLineage", 40),
          Map.entry("impact", 60),
          Map.entry("dataProductAsOf", 60),
          Map.entry("teamAsOf", 60),
          Map.entry("subscriptionAsOf", 60),
          Map.entry("ownershipHistory", 10),
          Map.entry("schemaVersions", 20),
          Map.entry("team", 5),
          Map.entry("domain", 5),
          Map.entry("__schema", 150),
          Map.entry("__type", 20));

  private QueryCost() {}

  static int of(FieldComplexityEnvironment field, int childComplexity) {
    String name = field.getField().getName();
    int base = 1 + childComplexity;
    if (field.getParentType() == null || !"Query".equals(field.getParentType().getName())) {
      return base;
    }
    return switch (name) {
      // a page of the audit trail reads up to `first` events from the store
      case "auditTrail", "auditEvents" -> base + 20 + pageSize(field, 50) / 5;
      case "dataProducts", "search" -> base + pageSize(field, 20);
      // every domain lists its teams and products
      case "domains" -> base + 5 + pageSize(field, 100) / 4;
      default -> base + ROOT.getOrDefault(name, 0);
    };
  }

  private static int pageSize(FieldComplexityEnvironment field, int byDefault) {
    Object first = field.getArguments().get("first");
    return first instanceof Number n ? Math.max(0, Math.min(n.intValue(), 10_000)) : byDefault;
  }
}
