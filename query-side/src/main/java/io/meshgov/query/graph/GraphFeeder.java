package io.meshgov.query.graph;

import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.api.wire.StoredEvents;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.plumbing.UnitOfWorkBatch;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Feeds the lineage graph from the event store in the embedded setup. Runs in a tracking processor
 * whose position is kept in the store's token table (so it survives restarts); the events of one
 * processor batch are collected and applied to Neo4j in one transaction just before the processor
 * commits its position. If the position commit fails after Neo4j committed, the batch comes again
 * and the projector's idempotence absorbs it.
 */
@ProcessingGroup(GraphFeeder.PROCESSING_GROUP)
class GraphFeeder {

  static final String PROCESSING_GROUP = "lineage-graph";
  private static final String BATCH = GraphFeeder.class.getName() + ".batch";

  private final GraphProjector projector;
  private final AppliedTime appliedTime = new AppliedTime();

  GraphFeeder(GraphProjector projector) {
    this.projector = projector;
  }

  @EventHandler
  void on(Object payload, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
    if (!(message instanceof DomainEventMessage<?> event)) {
      return;
    }
    UnitOfWorkBatch.add(unitOfWork, BATCH, StoredEvents.from(event), this::apply);
  }

  private void apply(List<GovernanceEvent> events) {
    projector.apply(events);
    appliedTime.applied(events);
  }

  AppliedTime appliedTime() {
    return appliedTime;
  }
}
