package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every question the lineage graph answers. Walks are breadth-first over each node once: their cost
 * grows with the nodes reached, never with the number of paths.
 */
public interface LineageQueries {

  /**
   * Products upstream and/or downstream of {@code product}, each once with its shortest distance,
   * and the FEEDS edges among them, as they stood at {@code asOf} (null: now). Walks at most {@code
   * depth} levels (null: unbounded), never more than the configured maximum; {@code complete} is
   * false when nodes lay beyond.
   */
  LineageResult lineage(String product, Direction direction, Integer depth, Instant asOf);

  /** The same walk over field-level FEEDS edges, from the field {@code product#field}. */
  LineageResult fieldLineage(
      String product, String field, Direction direction, Integer depth, Instant asOf);

  /**
   * What changing or removing {@code fields} of {@code product} reaches now: downstream fields and
   * products with a path to each, the approved subscriptions that read them, and the owners and
   * stewards to notify. Walks field FEEDS edges downstream up to the configured maximum depth.
   */
  ImpactResult impact(String product, Collection<String> fields);

  /** Owners, stewards and transfer requests of a product, oldest first; empty if unknown. */
  Optional<OwnershipHistory> ownershipHistory(String product);

  /** One product as it is now. Reads one node and its current owner and steward. */
  Optional<ProductSummary> product(String product);

  /** Products whose id, name, description or tags match the words of {@code text}, best first. */
  List<ProductSummary> search(String text, int limit);

  /** Up to {@code limit} products with ids after {@code afterId} (null: from the start), by id. */
  List<ProductSummary> products(String afterId, int limit);

  /** A team with its current members (by person) and the products it owns now (by id). */
  Optional<TeamSummary> team(String team);

  /** Every schema version of a product with its fields, oldest first. Reads one product's. */
  List<SchemaVersionSummary> schemaVersions(String product);

  /** One subscription request and where it stands; empty if unknown. */
  Optional<SubscriptionSummary> subscription(String subscription);

  /** Products the team owns now, by id. */
  List<ProductSummary> productsOwnedBy(String team);

  /** Products of a domain, by id. */
  List<ProductSummary> productsInDomain(String domain);

  /** Products carrying a tag, by id. */
  List<ProductSummary> productsTagged(String tag);
}
