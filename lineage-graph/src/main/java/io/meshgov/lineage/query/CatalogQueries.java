package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.TeamId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The catalog of products as it is now: lookups, pages, filters, search and schemas. */
public interface CatalogQueries {

  /** One product as it is now. Reads one node and its current owner and steward. */
  Optional<ProductSummary> product(DataProductId product);

  /**
   * One product as it was at {@code asOf} (null: now), from its revision valid then and the owner,
   * steward, lifecycle and schema versions of that time; empty if it was not registered yet.
   */
  Optional<ProductSummary> product(DataProductId product, Instant asOf);

  /** Products whose id, name, description or tags match the words of {@code text}, best first. */
  List<ProductSummary> search(String text, int limit);

  /**
   * The same search as of a time (null: now): products registered by then whose text then matched,
   * each as it was then.
   */
  List<ProductSummary> search(String text, int limit, Instant asOf);

  /** Up to {@code limit} products with ids after {@code afterId} (null: from the start), by id. */
  List<ProductSummary> products(DataProductId afterId, int limit);

  /** Products the team owns now, by id. */
  List<ProductSummary> productsOwnedBy(TeamId team);

  /** Products of a domain, by id. */
  List<ProductSummary> productsInDomain(DomainName domain);

  /** Products carrying a tag, by id. */
  List<ProductSummary> productsTagged(String tag);

  /** Every schema version of a product with its fields, oldest first. Reads one product's. */
  List<SchemaVersionSummary> schemaVersions(DataProductId product);

  /** Every service-level agreement version of a product, oldest first. */
  List<SlaSummary> serviceLevelAgreements(DataProductId product);
}
