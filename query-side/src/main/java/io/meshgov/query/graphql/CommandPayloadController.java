package io.meshgov.query.graphql;

import graphql.GraphQLContext;
import io.meshgov.api.DataProductId;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.TeamId;
import io.meshgov.api.command.AggregateKind;
import io.meshgov.lineage.query.CatalogQueries;
import io.meshgov.lineage.query.ProductSummary;
import io.meshgov.lineage.query.SubscriptionSummary;
import io.meshgov.lineage.query.TeamQueries;
import io.meshgov.lineage.query.TeamSummary;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/**
 * The object a mutation changed, as the graph shows it once it has applied the write: read only
 * when the client asks for it, after waiting for the mutation's position.
 */
@Controller
class CommandPayloadController {

  private final CatalogQueries catalog;
  private final TeamQueries teams;
  private final ProjectionWait wait;

  CommandPayloadController(CatalogQueries catalog, TeamQueries teams, ProjectionWait wait) {
    this.catalog = catalog;
    this.teams = teams;
    this.wait = wait;
  }

  @SchemaMapping(typeName = "CommandPayload", field = "dataProduct")
  ProductSummary dataProduct(CommandMutations.CommandPayload payload, GraphQLContext request) {
    return payload.command().kind() == AggregateKind.DATA_PRODUCT
        ? afterWrite(payload, request, id -> catalog.product(DataProductId.of(id)))
        : null;
  }

  @SchemaMapping(typeName = "CommandPayload", field = "team")
  TeamSummary team(CommandMutations.CommandPayload payload, GraphQLContext request) {
    return payload.command().kind() == AggregateKind.TEAM
        ? afterWrite(payload, request, id -> teams.team(TeamId.of(id)))
        : null;
  }

  @SchemaMapping(typeName = "CommandPayload", field = "dataSubscription")
  SubscriptionSummary dataSubscription(
      CommandMutations.CommandPayload payload, GraphQLContext request) {
    return payload.command().kind() == AggregateKind.SUBSCRIPTION
        ? afterWrite(payload, request, id -> teams.subscription(SubscriptionId.of(id)))
        : null;
  }

  private <T> T afterWrite(
      CommandMutations.CommandPayload payload,
      GraphQLContext request,
      Function<String, Optional<T>> read) {
    wait.awaitPosition(payload.position(), request);
    return read.apply(payload.id()).orElse(null);
  }
}
