package io.meshgov.lineage.query;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DatasetName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Datasets by OpenLineage's naming and the products they are bound to. */
public interface DatasetQueries {

  /** One dataset with its owner at {@code asOf} (null: now) and every binding; empty if unknown. */
  Optional<DatasetSummary> dataset(DatasetName dataset, Instant asOf);

  /**
   * Datasets in order of namespace and name, after {@code afterKey} (null: from the start), at most
   * {@code limit}; optionally of one namespace and only those no product owns now.
   */
  List<DatasetSummary> datasets(String namespace, boolean unownedOnly, String afterKey, int limit);

  /** Datasets whose namespace or name match every word of {@code text}, best first. */
  List<DatasetSummary> searchDatasets(String text, boolean unownedOnly, int limit);

  /** Per namespace, how many datasets no product owns now and how many there are; most first. */
  List<NamespaceCount> unownedDatasetCounts(int limit);

  /** Jobs seen reading or writing the dataset, last seen first (at most {@code limit}). */
  List<ObservedLineage.Flow> observedFlows(DatasetName dataset, int limit);

  /** Field mappings reported into the dataset (at most {@code limit}). */
  List<ObservedLineage.Mapping> observedMappings(DatasetName dataset, int limit);

  /** The schema and owners pipelines last reported for the dataset; empty if unknown. */
  Optional<ObservedLineage.Facts> observedFacts(DatasetName dataset);

  /** A job as pipelines reported it, with what it reads and writes; empty if never seen. */
  Optional<ObservedLineage.Job> job(String namespace, String name);

  /** The datasets bound to the product at {@code asOf} (null: now). */
  List<DatasetSummary> datasetsOf(DataProductId product, Instant asOf);
}
