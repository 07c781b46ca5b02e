package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.DataProductId;
import io.meshgov.api.FieldMapping;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DataProductCommand.DeclareUpstreamCommand;
import io.meshgov.api.command.DataProductCommand.RemoveUpstreamCommand;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.ProductView;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The lineage a data product's owners declare: which products it reads, with the field mappings
 * from their fields to its own. An upstream must exist, be live and not close a cycle; mapped
 * fields must be in the current schemas on both ends.
 */
class DeclaredUpstreams {

  private final DataProduct product;
  private final Map<DataProductId, List<FieldMapping>> upstreams = new HashMap<>();

  DeclaredUpstreams(DataProduct product) {
    this.product = product;
  }

  @CommandHandler
  void handle(
      DeclareUpstreamCommand command,
      @Actor PersonId actor,
      TeamDirectory teams,
      ProductCatalog catalog) {
    product.requireChangeableBy(actor, teams);
    DataProductId upstream = command.upstream();
    if (upstream.equals(product.id())) {
      throw new GovernanceException(
          RejectionCode.LINEAGE_CYCLE, product.id() + " cannot be its own upstream");
    }
    ProductView source =
        catalog
            .product(upstream)
            .orElseThrow(
                () ->
                    new GovernanceException(
                        RejectionCode.UPSTREAM_NOT_FOUND,
                        "upstream " + upstream + " does not exist"));
    if (source.retired()) {
      throw new GovernanceException(
          RejectionCode.UPSTREAM_RETIRED, "upstream " + upstream + " is retired");
    }
    requireKnownFields(command.fieldMappings(), source);
    List<FieldMapping> declared = upstreams.get(upstream);
    if (declared == null && catalog.feeds(product.id(), upstream)) {
      throw new GovernanceException(
          RejectionCode.LINEAGE_CYCLE,
          product.id()
              + " already feeds "
              + upstream
              + ": declaring it as upstream would close a cycle");
    }
    if (!command.fieldMappings().equals(declared)) {
      apply(new UpstreamDeclaredEvent(product.id(), upstream, command.fieldMappings()));
    }
  }

  @CommandHandler
  void handle(RemoveUpstreamCommand command, @Actor PersonId actor, TeamDirectory teams) {
    product.requireChangeableBy(actor, teams);
    if (!upstreams.containsKey(command.upstream())) {
      throw new GovernanceException(
          RejectionCode.UPSTREAM_NOT_DECLARED,
          command.upstream() + " is not an upstream of " + product.id());
    }
    apply(new UpstreamRemovedEvent(product.id(), command.upstream()));
  }

  private void requireKnownFields(List<FieldMapping> mappings, ProductView source) {
    for (FieldMapping mapping : mappings) {
      if (!product.currentFields().contains(mapping.outputField())) {
        throw new GovernanceException(
            RejectionCode.UNKNOWN_FIELD,
            "output field "
                + mapping.outputField()
                + " is not in the current schema of "
                + product.id()
                + knownFields(product.currentFields()));
      }
      for (String input : mapping.inputFields()) {
        if (!source.currentFields().contains(input)) {
          throw new GovernanceException(
              RejectionCode.UNKNOWN_FIELD,
              "input field "
                  + input
                  + " is not in the current schema of "
                  + source.id()
                  + knownFields(source.currentFields()));
        }
      }
    }
  }

  private static String knownFields(Set<String> fields) {
    return fields.isEmpty()
        ? " (no schema published yet)"
        : " (fields: " + String.join(", ", fields.stream().sorted().toList()) + ")";
  }

  @EventSourcingHandler
  void on(UpstreamDeclaredEvent event) {
    upstreams.put(event.upstream(), List.copyOf(event.fieldMappings()));
  }

  @EventSourcingHandler
  void on(UpstreamRemovedEvent event) {
    upstreams.remove(event.upstream());
  }
}
