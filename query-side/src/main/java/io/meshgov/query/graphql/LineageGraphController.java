package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.api.DataProductId;
import io.meshgov.api.DomainName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.lineage.query.Direction;
import io.meshgov.lineage.query.ImpactResult;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.lineage.query.LineageResult;
import io.meshgov.lineage.query.OwnershipHistory;
import io.meshgov.lineage.query.ProductSummary;
import io.meshgov.lineage.query.SchemaVersionSummary;
import io.meshgov.query.error.QueryError;
import io.meshgov.schema.AvroSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The read side of the GraphQL API: every query validates its input, waits for the client's last
 * write where asked, and answers from the lineage graph. Nothing here decides anything.
 */
@Controller
class LineageGraphController {

  private static final int MAX_PAGE = 200;
  private static final int MAX_FIELDS = 500;
  private static final int MAX_SCHEMA = io.meshgov.api.Limits.SCHEMA;

  private final LineageQueries queries;
  private final ProjectionWait wait;

  LineageGraphController(LineageQueries queries, ProjectionWait wait) {
    this.queries = queries;
    this.wait = wait;
  }

  /** A page of products: the edges, whether more follow, and the cursor to ask for them. */
  record Connection(List<Edge> edges, PageInfo pageInfo) {}

  record Edge(String cursor, ProductSummary node) {}

  record PageInfo(boolean hasNextPage, String endCursor) {}

  @QueryMapping
  ProductSummary dataProduct(
      @Argument String id,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    DataProductId product = DataProductId.of(id);
    return once(minPosition, request, () -> queries.product(product, asOf));
  }

  /** The subscriptions to a product, as of the time asked or the product's own. */
  @org.springframework.graphql.data.method.annotation.SchemaMapping(typeName = "DataProduct")
  List<io.meshgov.lineage.query.SubscriptionSummary> subscriptions(
      ProductSummary product, @Argument Instant asOf, @Argument Integer first) {
    int size = first == null ? 100 : first;
    if (size < 0 || size > 1000) {
      throw QueryError.invalid("first must be between 0 and 1000");
    }
    return queries.subscriptionsTo(
        DataProductId.of(product.id()), asOf != null ? asOf : product.asOf(), size);
  }

  @QueryMapping
  Connection dataProducts(
      @Argument Map<String, Object> filter,
      @Argument Integer first,
      @Argument String after,
      @Argument Long minPosition,
      GraphQLContext request) {
    int size = first == null ? 20 : first;
    if (size < 0 || size > MAX_PAGE) {
      throw QueryError.invalid("first must be between 0 and " + MAX_PAGE);
    }
    DataProductId afterId = after == null ? null : decodeCursor(after);
    wait.awaitPosition(minPosition, request);
    List<ProductSummary> page;
    if (filter == null || filter.values().stream().allMatch(v -> v == null)) {
      page = queries.products(afterId, size + 1);
    } else {
      page =
          filtered(filter).stream()
              .filter(p -> afterId == null || p.id().compareTo(afterId.value()) > 0)
              .limit(size + 1L)
              .toList();
    }
    boolean more = page.size() > size;
    List<Edge> edges =
        page.stream().limit(size).map(p -> new Edge(encodeCursor(p.id()), p)).toList();
    return new Connection(
        edges, new PageInfo(more, edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
  }

  private List<ProductSummary> filtered(Map<String, Object> filter) {
    List<ProductSummary> candidates = null;
    if (filter.get("owningTeam") != null) {
      candidates = queries.productsOwnedBy(TeamId.of((String) filter.get("owningTeam")));
    }
    if (filter.get("domain") != null) {
      List<ProductSummary> inDomain =
          queries.productsInDomain(DomainName.of((String) filter.get("domain")));
      candidates = candidates == null ? inDomain : intersect(candidates, inDomain);
    }
    if (filter.get("tag") != null) {
      List<ProductSummary> tagged = queries.productsTagged((String) filter.get("tag"));
      candidates = candidates == null ? tagged : intersect(candidates, tagged);
    }
    return candidates;
  }

  private static List<ProductSummary> intersect(List<ProductSummary> a, List<ProductSummary> b) {
    var ids = b.stream().map(ProductSummary::id).collect(java.util.stream.Collectors.toSet());
    return a.stream().filter(p -> ids.contains(p.id())).toList();
  }

  @QueryMapping
  LineageResult lineage(
      @Argument String id,
      @Argument Direction direction,
      @Argument Integer depth,
      @Argument Instant asOf,
      @Argument List<String> sources,
      @Argument Long minPosition,
      GraphQLContext request) {
    DataProductId product = existingProduct(id, minPosition, request);
    return queries.lineage(product, direction, depth(depth), asOf, sources(sources));
  }

  /** The sources asked for; none named: both. */
  private static java.util.Set<io.meshgov.lineage.query.Source> sources(List<String> sources) {
    if (sources == null) {
      return io.meshgov.lineage.query.Source.both();
    }
    if (sources.isEmpty()) {
      throw QueryError.invalid("name at least one source: DECLARED or OBSERVED");
    }
    java.util.Set<io.meshgov.lineage.query.Source> chosen =
        java.util.EnumSet.noneOf(io.meshgov.lineage.query.Source.class);
    sources.forEach(s -> chosen.add(io.meshgov.lineage.query.Source.valueOf(s)));
    return chosen;
  }

  @QueryMapping
  List<io.meshgov.lineage.query.EdgeMapping> fieldMappings(
      @Argument String upstream,
      @Argument String downstream,
      @Argument Instant asOf,
      @Argument Integer first) {
    int size = first == null ? 500 : first;
    if (size < 0 || size > 1000) {
      throw QueryError.invalid("first must be between 0 and 1000");
    }
    return queries.fieldMappings(
        DataProductId.of(upstream), DataProductId.of(downstream), asOf, size);
  }

  @QueryMapping
  LineageResult fieldLineage(
      @Argument String id,
      @Argument String field,
      @Argument Direction direction,
      @Argument Integer depth,
      @Argument Instant asOf,
      @Argument List<String> sources,
      @Argument Long minPosition,
      GraphQLContext request) {
    DataProductId product = existingProduct(id, minPosition, request);
    if (field == null || field.isBlank() || field.length() > 256) {
      throw QueryError.invalid("field must be a field name");
    }
    return queries.fieldLineage(product, field, direction, depth(depth), asOf, sources(sources));
  }

  @QueryMapping
  ImpactResult impact(
      @Argument String id,
      @Argument List<String> removedFields,
      @Argument String proposedSchema,
      @Argument Instant asOf,
      @Argument List<String> sources,
      @Argument Long minPosition,
      GraphQLContext request) {
    DataProductId product = existingProduct(id, minPosition, request);
    if (asOf != null && queries.product(product, asOf).isEmpty()) {
      throw QueryError.notFound("data product " + product + " was not registered yet at " + asOf);
    }
    if ((removedFields == null) == (proposedSchema == null)) {
      throw QueryError.invalid("name either removedFields or a proposedSchema, not both");
    }
    if (removedFields != null
        && (removedFields.size() > MAX_FIELDS
            || removedFields.stream().anyMatch(f -> f.isBlank() || f.length() > 256))) {
      throw QueryError.invalid(
          "removedFields names at most " + MAX_FIELDS + " fields of 1 to 256 characters");
    }
    if (proposedSchema != null && proposedSchema.length() > MAX_SCHEMA) {
      throw QueryError.invalid("proposedSchema is longer than " + MAX_SCHEMA + " characters");
    }
    List<String> fields =
        proposedSchema == null
            ? removedFields
            : touchedBy(proposedSchema, versionsAsOf(queries.schemaVersions(product), asOf));
    if (removedFields != null && removedFields.isEmpty()) {
      throw QueryError.invalid("name at least one field in removedFields");
    }
    return queries.impact(product, fields, asOf, sources(sources));
  }

  /**
   * The fields of the current schema that publishing {@code proposed} would touch, by the command
   * side's own rule (removed, retyped, default changed, new without a default), sorted.
   */
  private static List<String> touchedBy(String proposed, List<SchemaVersionSummary> versions) {
    Schema candidate;
    try {
      candidate = AvroSchemas.parse(proposed);
    } catch (GovernanceException e) {
      throw QueryError.invalid("proposedSchema: " + e.getMessage());
    }
    if (versions.isEmpty()) {
      return List.of();
    }
    Schema current = AvroSchemas.parse(versions.get(versions.size() - 1).avroSchema());
    return AvroSchemas.touchedFields(current, candidate).stream().sorted().toList();
  }

  @QueryMapping
  OwnershipHistory ownershipHistory(
      @Argument String id,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    DataProductId product = DataProductId.of(id);
    return once(minPosition, request, () -> queries.ownershipHistory(product, asOf));
  }

  @QueryMapping
  io.meshgov.lineage.query.DomainSummary domain(
      @Argument String id, @Argument Long minPosition, GraphQLContext request) {
    DomainName domain = DomainName.of(id);
    return once(minPosition, request, () -> queries.domain(domain));
  }

  @QueryMapping
  List<io.meshgov.lineage.query.DomainSummary> domains(
      @Argument Integer first, @Argument Long minPosition, GraphQLContext request) {
    int size = first == null ? 100 : first;
    if (size < 0 || size > 1000) {
      throw QueryError.invalid("first must be between 0 and 1000");
    }
    wait.awaitPosition(minPosition, request);
    return queries.domains(size);
  }

  @QueryMapping
  io.meshgov.lineage.query.TeamSummary team(
      @Argument String id,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    TeamId team = TeamId.of(id);
    return once(minPosition, request, () -> queries.team(team, asOf));
  }

  @QueryMapping
  io.meshgov.lineage.query.SubscriptionSummary dataSubscription(
      @Argument String id,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    SubscriptionId subscription = SubscriptionId.of(id);
    return once(minPosition, request, () -> queries.subscription(subscription, asOf));
  }

  @QueryMapping
  List<io.meshgov.lineage.query.SchemaVersionSummary> schemaVersions(
      @Argument String id,
      @Argument Instant asOf,
      @Argument Long minPosition,
      GraphQLContext request) {
    return versionsAsOf(queries.schemaVersions(existingProduct(id, minPosition, request)), asOf);
  }

  /** As of a time: the versions published by then; the last is the schema valid then. */
  private static List<SchemaVersionSummary> versionsAsOf(
      List<SchemaVersionSummary> versions, Instant asOf) {
    return asOf == null
        ? versions
        : versions.stream().filter(v -> !v.publishedAt().isAfter(asOf)).toList();
  }

  @QueryMapping
  List<ProductSummary> search(
      @Argument String text, @Argument Integer first, @Argument Instant asOf) {
    int size = first == null ? 20 : first;
    if (size < 1 || size > MAX_PAGE) {
      throw QueryError.invalid("first must be between 1 and " + MAX_PAGE);
    }
    if (text == null || text.length() > 500) {
      throw QueryError.invalid("search text must have at most 500 characters");
    }
    return queries.search(text, size, asOf);
  }

  /** Reads one object once the graph has reached {@code minPosition}; null when it is unknown. */
  private <T> T once(Long minPosition, GraphQLContext request, Supplier<Optional<T>> read) {
    wait.awaitPosition(minPosition, request);
    return read.get().orElse(null);
  }

  private DataProductId existingProduct(String id, Long minPosition, GraphQLContext request) {
    DataProductId product = DataProductId.of(id);
    wait.awaitPosition(minPosition, request);
    if (queries.product(product).isEmpty()) {
      throw QueryError.notFound("data product " + product + " does not exist");
    }
    return product;
  }

  private static Integer depth(Integer depth) {
    if (depth != null && depth < 0) {
      throw QueryError.invalid("depth must not be negative");
    }
    return depth;
  }

  private static String encodeCursor(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("product:" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static DataProductId decodeCursor(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith("product:")) {
        throw QueryError.invalid("not a cursor of this list: " + cursor);
      }
      return DataProductId.of(decoded.substring("product:".length()));
    } catch (IllegalArgumentException | GovernanceException e) {
      throw QueryError.invalid("not a cursor of this list: " + cursor);
    }
  }
}
