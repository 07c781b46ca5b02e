package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DatasetName;
import io.meshgov.api.GovernanceException;
import io.meshgov.lineage.query.DatasetSummary;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.lineage.query.NamespaceCount;
import io.meshgov.lineage.query.ProductSummary;
import io.meshgov.query.error.QueryError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** Datasets by OpenLineage's naming: who owns which, which nobody owns, and their history. */
@Controller
class DatasetController {

  private static final int MAX_PAGE = 500;

  private final LineageQueries queries;
  private final ProjectionWait wait;

  DatasetController(LineageQueries queries, ProjectionWait wait) {
    this.queries = queries;
    this.wait = wait;
  }

  record Connection(List<Edge> edges, LineageGraphController.PageInfo pageInfo) {}

  record Edge(String cursor, DatasetSummary node) {}

  @QueryMapping
  DatasetSummary dataset(
      @Argument String namespace,
      @Argument String name,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    DatasetName dataset = name(namespace, name);
    wait.awaitPosition(minPosition, request);
    return queries.dataset(dataset, asOf).orElse(null);
  }

  @QueryMapping
  Connection datasets(
      @Argument String namespace,
      @Argument String text,
      @Argument Boolean unownedOnly,
      @Argument Integer first,
      @Argument String after,
      @Argument Long minPosition,
      GraphQLContext request) {
    int size = first == null ? 50 : first;
    if (size < 0 || size > MAX_PAGE) {
      throw QueryError.invalid("first must be between 0 and " + MAX_PAGE);
    }
    if (namespace != null && namespace.length() > DatasetName.NAMESPACE) {
      throw QueryError.invalid("namespace is longer than " + DatasetName.NAMESPACE + " characters");
    }
    boolean unowned = Boolean.TRUE.equals(unownedOnly);
    wait.awaitPosition(minPosition, request);
    if (text != null) {
      if (text.length() > 500) {
        throw QueryError.invalid("search text must have at most 500 characters");
      }
      List<Edge> found =
          queries.searchDatasets(text, unowned, Math.max(1, size)).stream()
              .filter(d -> namespace == null || namespace.equals(d.namespace()))
              .limit(size)
              .map(d -> new Edge(cursor(d.key()), d))
              .toList();
      return new Connection(found, new LineageGraphController.PageInfo(false, null));
    }
    List<DatasetSummary> page =
        queries.datasets(namespace, unowned, after == null ? null : key(after), size + 1);
    boolean more = page.size() > size;
    List<Edge> edges = page.stream().limit(size).map(d -> new Edge(cursor(d.key()), d)).toList();
    return new Connection(
        edges,
        new LineageGraphController.PageInfo(
            more, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
  }

  @QueryMapping
  List<NamespaceCount> unownedDatasetCounts(
      @Argument Integer first, @Argument Long minPosition, GraphQLContext request) {
    int size = first == null ? 100 : first;
    if (size < 0 || size > 10_000) {
      throw QueryError.invalid("first must be between 0 and 10000");
    }
    wait.awaitPosition(minPosition, request);
    return queries.unownedDatasetCounts(size);
  }

  @SchemaMapping(typeName = "DataProduct", field = "datasets")
  List<DatasetSummary> productDatasets(ProductSummary product, @Argument Instant asOf) {
    return queries.datasetsOf(DataProductId.of(product.id()), asOf != null ? asOf : product.asOf());
  }

  @SchemaMapping(typeName = "Dataset", field = "observedBy")
  List<io.meshgov.lineage.query.ObservedLineage.Flow> observedBy(
      DatasetSummary dataset, @Argument Integer first) {
    return queries.observedFlows(
        DatasetName.of(dataset.namespace(), dataset.name()), bounded(first, 100, 1000));
  }

  @SchemaMapping(typeName = "Dataset", field = "observedMappings")
  List<io.meshgov.lineage.query.ObservedLineage.Mapping> observedMappings(
      DatasetSummary dataset, @Argument Integer first) {
    return queries.observedMappings(
        DatasetName.of(dataset.namespace(), dataset.name()), bounded(first, 500, 10_000));
  }

  @SchemaMapping(typeName = "Dataset", field = "observedSchema")
  List<io.meshgov.lineage.query.ObservedLineage.Field> observedSchema(DatasetSummary dataset) {
    return queries
        .observedFacts(DatasetName.of(dataset.namespace(), dataset.name()))
        .map(io.meshgov.lineage.query.ObservedLineage.Facts::schema)
        .orElse(null);
  }

  @SchemaMapping(typeName = "Dataset", field = "claimedOwners")
  List<String> claimedOwners(DatasetSummary dataset) {
    return queries
        .observedFacts(DatasetName.of(dataset.namespace(), dataset.name()))
        .map(io.meshgov.lineage.query.ObservedLineage.Facts::claimedOwners)
        .orElse(List.of());
  }

  @QueryMapping
  io.meshgov.lineage.query.ObservedLineage.Job job(
      @Argument String namespace,
      @Argument String name,
      @Argument Long minPosition,
      GraphQLContext request) {
    DatasetName job = name(namespace, name);
    wait.awaitPosition(minPosition, request);
    return queries.job(job.namespace(), job.name()).orElse(null);
  }

  @QueryMapping
  List<io.meshgov.lineage.query.DriftFinding> lineageDrift(
      @Argument String domain,
      @Argument String team,
      @Argument Instant since,
      @Argument Integer staleAfterDays,
      @Argument Integer first,
      @Argument Long minPosition,
      GraphQLContext request) {
    String inDomain = domain == null ? null : io.meshgov.api.DomainName.of(domain).value();
    String ofTeam = team == null ? null : io.meshgov.api.TeamId.of(team).value();
    int size = bounded(first, 200, 10_000);
    wait.awaitPosition(minPosition, request);
    return queries.drift(inDomain, ofTeam, null, since, staleBefore(staleAfterDays), size);
  }

  @SchemaMapping(typeName = "DataProduct", field = "drift")
  List<io.meshgov.lineage.query.DriftFinding> productDrift(
      ProductSummary product, @Argument Instant since, @Argument Integer staleAfterDays) {
    return queries.drift(null, null, product.id(), since, staleBefore(staleAfterDays), 1000);
  }

  private static Instant staleBefore(Integer staleAfterDays) {
    int days = staleAfterDays == null ? 30 : staleAfterDays;
    if (days < 0 || days > 3650) {
      throw QueryError.invalid("staleAfterDays must be between 0 and 3650");
    }
    return Instant.now().minus(java.time.Duration.ofDays(days));
  }

  private static int bounded(Integer first, int byDefault, int max) {
    int size = first == null ? byDefault : first;
    if (size < 0 || size > max) {
      throw QueryError.invalid("first must be between 0 and " + max);
    }
    return size;
  }

  private static DatasetName name(String namespace, String name) {
    try {
      return DatasetName.of(namespace, name);
    } catch (GovernanceException e) {
      throw QueryError.invalid(e.getMessage());
    }
  }

  private static String cursor(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("dataset:" + key).getBytes(StandardCharsets.UTF_8));
  }

  private static String key(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith("dataset:")) {
        throw QueryError.invalid("not a cursor of this list: " + cursor);
      }
      return decoded.substring("dataset:".length());
    } catch (IllegalArgumentException e) {
      throw QueryError.invalid("not a cursor of this list");
    }
  }
}
