package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.neo4j.driver.Driver;

/** All the graph's questions over one driver: each kind answered by its own class. */
public final class Neo4jLineageQueries implements LineageQueries {

  private final LineageWalks walks;
  private final ImpactQueries impact;
  private final OwnershipHistoryQueries ownership;
  private final CatalogQueries catalog;
  private final TeamQueries teams;
  private final DatasetQueries datasets;
  private final DriftQueries drift;

  /**
   * @param maxDepth the deepest any walk goes, whatever the caller asks
   */
  public Neo4jLineageQueries(Driver driver, int maxDepth) {
    this(driver, new Neo4jLineageWalks(driver, maxDepth));
  }

  /** The same over walks of the caller's making (one that never uses the procedure, say). */
  public Neo4jLineageQueries(Driver driver, Neo4jLineageWalks lineageWalks) {
    this.walks = lineageWalks;
    this.impact = new Neo4jImpactQueries(lineageWalks);
    this.ownership = new Neo4jOwnershipHistoryQueries(driver);
    this.catalog = new Neo4jCatalogQueries(driver);
    this.teams = new Neo4jTeamQueries(driver);
    this.datasets = new Neo4jDatasetQueries(driver);
    this.drift = new Neo4jDriftQueries(driver);
  }

  @Override
  public LineageResult lineage(
      DataProductId product,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources) {
    return walks.lineage(product, direction, depth, asOf, sources);
  }

  @Override
  public List<EdgeMapping> fieldMappings(
      DataProductId upstream, DataProductId downstream, Instant asOf, int limit) {
    return walks.fieldMappings(upstream, downstream, asOf, limit);
  }

  @Override
  public LineageResult fieldLineage(
      DataProductId product,
      String field,
      Direction direction,
      Integer depth,
      Instant asOf,
      java.util.Set<Source> sources) {
    return walks.fieldLineage(product, field, direction, depth, asOf, sources);
  }

  @Override
  public ImpactResult impact(
      DataProductId product,
      Collection<String> fields,
      Instant asOf,
      java.util.Set<Source> sources) {
    return impact.impact(product, fields, asOf, sources);
  }

  @Override
  public Optional<OwnershipHistory> ownershipHistory(DataProductId product) {
    return ownership.ownershipHistory(product);
  }

  @Override
  public Optional<OwnershipHistory> ownershipHistory(DataProductId product, Instant asOf) {
    return ownership.ownershipHistory(product, asOf);
  }

  @Override
  public Optional<ProductSummary> product(DataProductId product) {
    return catalog.product(product);
  }

  @Override
  public List<ProductSummary> search(String text, int limit) {
    return catalog.search(text, limit);
  }

  @Override
  public Optional<ProductSummary> product(DataProductId product, Instant asOf) {
    return catalog.product(product, asOf);
  }

  @Override
  public List<ProductSummary> search(String text, int limit, Instant asOf) {
    return catalog.search(text, limit, asOf);
  }

  @Override
  public List<ProductSummary> products(DataProductId afterId, int limit) {
    return catalog.products(afterId, limit);
  }

  @Override
  public List<ProductSummary> productsOwnedBy(TeamId team) {
    return catalog.productsOwnedBy(team);
  }

  @Override
  public List<ProductSummary> productsInDomain(DomainName domain) {
    return catalog.productsInDomain(domain);
  }

  @Override
  public List<ProductSummary> productsTagged(String tag) {
    return catalog.productsTagged(tag);
  }

  @Override
  public List<SchemaVersionSummary> schemaVersions(DataProductId product) {
    return catalog.schemaVersions(product);
  }

  @Override
  public List<SlaSummary> serviceLevelAgreements(DataProductId product) {
    return catalog.serviceLevelAgreements(product);
  }

  @Override
  public Optional<TeamSummary> team(TeamId team, java.time.Instant asOf) {
    return teams.team(team, asOf);
  }

  @Override
  public Optional<DatasetSummary> dataset(io.meshgov.api.DatasetName dataset, Instant asOf) {
    return datasets.dataset(dataset, asOf);
  }

  @Override
  public List<DatasetSummary> datasets(
      String namespace, boolean unownedOnly, String afterKey, int limit) {
    return datasets.datasets(namespace, unownedOnly, afterKey, limit);
  }

  @Override
  public List<DatasetSummary> searchDatasets(String text, boolean unownedOnly, int limit) {
    return datasets.searchDatasets(text, unownedOnly, limit);
  }

  @Override
  public List<NamespaceCount> unownedDatasetCounts(int limit) {
    return datasets.unownedDatasetCounts(limit);
  }

  @Override
  public List<ObservedLineage.Flow> observedFlows(io.meshgov.api.DatasetName dataset, int limit) {
    return datasets.observedFlows(dataset, limit);
  }

  @Override
  public List<ObservedLineage.Mapping> observedMappings(
      io.meshgov.api.DatasetName dataset, int limit) {
    return datasets.observedMappings(dataset, limit);
  }

  @Override
  public Optional<ObservedLineage.Facts> observedFacts(io.meshgov.api.DatasetName dataset) {
    return datasets.observedFacts(dataset);
  }

  @Override
  public Optional<ObservedLineage.Job> job(String namespace, String name) {
    return datasets.job(namespace, name);
  }

  @Override
  public List<DriftFinding> drift(
      String domain, String team, String product, Instant since, Instant staleBefore, int limit) {
    return drift.drift(domain, team, product, since, staleBefore, limit);
  }

  @Override
  public List<DatasetSummary> datasetsOf(DataProductId product, Instant asOf) {
    return datasets.datasetsOf(product, asOf);
  }

  @Override
  public Optional<DomainSummary> domain(DomainName domain) {
    return teams.domain(domain);
  }

  @Override
  public List<DomainSummary> domains(int limit) {
    return teams.domains(limit);
  }

  @Override
  public Optional<SubscriptionSummary> subscription(SubscriptionId subscription, Instant asOf) {
    return teams.subscription(subscription, asOf);
  }

  @Override
  public List<SubscriptionSummary> subscriptionsTo(DataProductId product, Instant asOf, int limit) {
    return teams.subscriptionsTo(product, asOf, limit);
  }
}
