package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import java.util.Collection;

/** What a change of a product's fields reaches downstream, and whom to tell. */
public interface ImpactQueries {

  /**
   * What changing or removing {@code fields} of {@code product} reaches now: downstream fields and
   * products with a path to each, the approved subscriptions that read them, and the owners and
   * stewards to notify. Walks field FEEDS edges downstream up to the configured maximum depth.
   */
  default ImpactResult impact(DataProductId product, Collection<String> fields) {
    return impact(product, fields, null);
  }

  /**
   * The same as it would have been answered at {@code asOf} (null: now): the fields, field
   * mappings, lineage edges, approved subscriptions, owners and stewards of that time.
   */
  default ImpactResult impact(
      DataProductId product, Collection<String> fields, java.time.Instant asOf) {
    return impact(product, fields, asOf, java.util.Set.of(Source.DECLARED));
  }

  /** The same, following field lineage of the given sources (declared, observed or both). */
  ImpactResult impact(
      DataProductId product,
      Collection<String> fields,
      java.time.Instant asOf,
      java.util.Set<Source> sources);
}
