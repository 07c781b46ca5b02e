package io.meshgov.query.graphql;

import io.meshgov.api.DataProductId;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.lineage.query.ProductSummary;
import io.meshgov.lineage.query.SlaSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** A product's service-level agreements: the one in force at a time, and every version. */
@Controller
class ServiceLevelController {

  private final LineageQueries queries;
  private final Clock clock = Clock.systemUTC();

  ServiceLevelController(LineageQueries queries) {
    this.queries = queries;
  }

  @SchemaMapping(typeName = "DataProduct")
  SlaSummary sla(ProductSummary product, @Argument Instant asOf) {
    Instant at = asOf != null ? asOf : product.asOf() != null ? product.asOf() : clock.instant();
    return SlaSummary.inForce(versions(product), at).orElse(null);
  }

  @SchemaMapping(typeName = "DataProduct")
  List<SlaSummary> slaVersions(ProductSummary product) {
    // a product shown as of a time: the versions published by then
    return product.asOf() == null
        ? versions(product)
        : versions(product).stream().filter(v -> !v.publishedAt().isAfter(product.asOf())).toList();
  }

  private List<SlaSummary> versions(ProductSummary product) {
    return queries.serviceLevelAgreements(DataProductId.of(product.id()));
  }
}
