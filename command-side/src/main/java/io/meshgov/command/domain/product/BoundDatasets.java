package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.DataProductId;
import io.meshgov.api.DatasetName;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.Limits;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.command.DataProductCommand.BindDatasetCommand;
import io.meshgov.api.command.DataProductCommand.UnbindDatasetCommand;
import io.meshgov.api.product.DataProductEvent.DatasetBoundEvent;
import io.meshgov.api.product.DataProductEvent.DatasetUnboundEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.directory.ProductCatalog;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The datasets that make up a product's output port, by OpenLineage's naming: what pipelines report
 * writing there is the product's. Its owners and steward bind and unbind them; a dataset belongs to
 * one product at a time, and binding it again changes nothing.
 */
class BoundDatasets {

  private final DataProduct product;
  private final Set<DatasetName> datasets = new LinkedHashSet<>();

  BoundDatasets(DataProduct product) {
    this.product = product;
  }

  @CommandHandler
  void handle(
      BindDatasetCommand command,
      @Actor PersonId actor,
      TeamDirectory teams,
      ProductCatalog catalog) {
    product.requireChangeableBy(actor, teams);
    DatasetName dataset = command.dataset();
    if (datasets.contains(dataset)) {
      return;
    }
    Optional<DataProductId> owner = catalog.boundTo(dataset);
    if (owner.isPresent() && !owner.get().equals(product.id())) {
      throw new GovernanceException(
          RejectionCode.DATASET_BOUND_ELSEWHERE,
          "dataset " + dataset + " is part of " + owner.get() + ": unbind it there first");
    }
    if (datasets.size() >= Limits.DATASETS) {
      throw new GovernanceException(
          RejectionCode.TOO_MANY_DATASETS,
          product.id() + " already names " + Limits.DATASETS + " datasets");
    }
    apply(new DatasetBoundEvent(product.id(), dataset.namespace(), dataset.name()));
  }

  @CommandHandler
  void handle(UnbindDatasetCommand command, @Actor PersonId actor, TeamDirectory teams) {
    product.requireChangeableBy(actor, teams);
    DatasetName dataset = command.dataset();
    if (!datasets.contains(dataset)) {
      throw new GovernanceException(
          RejectionCode.DATASET_NOT_BOUND,
          "dataset " + dataset + " is not part of " + product.id());
    }
    apply(new DatasetUnboundEvent(product.id(), dataset.namespace(), dataset.name()));
  }

  @EventSourcingHandler
  void on(DatasetBoundEvent event) {
    datasets.add(DatasetName.of(event.namespace(), event.name()));
  }

  @EventSourcingHandler
  void on(DatasetUnboundEvent event) {
    datasets.remove(DatasetName.of(event.namespace(), event.name()));
  }
}
