package io.meshgov.lineage.query;

import java.util.List;

/**
 * What a change of some fields of a product reaches: the downstream fields and products that derive
 * from them (each with one shortest path from a changed field), approved subscriptions that read an
 * affected field (or all fields) of the product or of an affected product, direct downstream
 * products that declared no field mappings (they may be affected; the graph cannot tell), and whom
 * to tell.
 */
public record ImpactResult(
    String product,
    List<String> changedFields,
    List<String> unknownFields,
    List<AffectedField> fields,
    List<AffectedProduct> products,
    List<AffectedSubscription> subscriptions,
    List<String> possiblyAffectedProducts,
    List<String> teamsToNotify,
    List<String> stewardsToNotify) {

  /** A field reached downstream; {@code path} runs from a changed field to it. */
  public record AffectedField(
      String id, String product, String field, int depth, List<String> path) {}

  /** A product owning a reached field; {@code path} is the products along the field path. */
  public record AffectedProduct(String id, int depth, List<String> path) {}

  /** An approved subscription that reads affected fields (none named: it reads them all). */
  public record AffectedSubscription(
      String id, String product, String consumerTeam, List<String> affectedFieldsUsed) {}
}
