package io.meshgov.query.audit;

import io.meshgov.api.CompatibilityMode;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.product.DataProductEvent.CompatibilityModeChangedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductDeprecatedEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRegisteredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.DataProductUpdatedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.SchemaVersionPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * A product's state at some time, folded from its events in order: the auditor's view, independent
 * of the lineage graph and of the aggregate's private state.
 */
record ProductState(
    String id,
    Instant at,
    String owningTeam,
    String steward,
    String lifecycle,
    String description,
    List<String> tags,
    String classification,
    CompatibilityMode compatibilityMode,
    String sunsetDate,
    Integer schemaVersion,
    List<String> upstreams,
    int eventsReplayed) {

  static ProductState empty(String id, Instant at) {
    return new ProductState(
        id, at, null, null, null, null, List.of(), null, null, null, null, List.of(), 0);
  }

  /** This state after one more event. */
  ProductState apply(DataProductEvent event) {
    ProductState s = this;
    if (event instanceof DataProductRegisteredEvent e) {
      s =
          new ProductState(
              id,
              at,
              e.owningTeam().value(),
              e.steward() == null ? null : e.steward().value(),
              "ACTIVE",
              e.description(),
              e.tags(),
              e.classification().name(),
              e.compatibilityMode(),
              null,
              null,
              List.of(),
              0);
    } else if (event instanceof DataProductUpdatedEvent e) {
      s =
          new ProductState(
              id,
              at,
              owningTeam,
              steward,
              lifecycle,
              e.description(),
              e.tags(),
              e.classification().name(),
              compatibilityMode,
              sunsetDate,
              schemaVersion,
              upstreams,
              0);
    } else if (event instanceof StewardAssignedEvent e) {
      s = withSteward(e.steward().value());
    } else if (event instanceof OwnershipTransferAcceptedEvent e) {
      s =
          new ProductState(
              id,
              at,
              e.toTeam().value(),
              steward,
              lifecycle,
              description,
              tags,
              classification,
              compatibilityMode,
              sunsetDate,
              schemaVersion,
              upstreams,
              0);
    } else if (event instanceof DataProductDeprecatedEvent e) {
      s =
          new ProductState(
              id,
              at,
              owningTeam,
              steward,
              "DEPRECATED",
              description,
              tags,
              classification,
              compatibilityMode,
              e.sunsetDate().toString(),
              schemaVersion,
              upstreams,
              0);
    } else if (event instanceof DataProductRetiredEvent) {
      s =
          new ProductState(
              id,
              at,
              owningTeam,
              steward,
              "RETIRED",
              description,
              tags,
              classification,
              compatibilityMode,
              sunsetDate,
              schemaVersion,
              upstreams,
              0);
    } else if (event instanceof SchemaVersionPublishedEvent e) {
      s =
          new ProductState(
              id,
              at,
              owningTeam,
              steward,
              lifecycle,
              description,
              tags,
              classification,
              compatibilityMode,
              sunsetDate,
              e.version(),
              upstreams,
              0);
    } else if (event instanceof CompatibilityModeChangedEvent e) {
      s =
          new ProductState(
              id,
              at,
              owningTeam,
              steward,
              lifecycle,
              description,
              tags,
              classification,
              e.compatibilityMode(),
              sunsetDate,
              schemaVersion,
              upstreams,
              0);
    } else if (event instanceof UpstreamDeclaredEvent e) {
      TreeSet<String> next = new TreeSet<>(upstreams);
      next.add(e.upstream().value());
      s = withUpstreams(List.copyOf(next));
    } else if (event instanceof UpstreamRemovedEvent e) {
      TreeSet<String> next = new TreeSet<>(upstreams);
      next.remove(e.upstream().value());
      s = withUpstreams(List.copyOf(next));
    }
    return new ProductState(
        s.id,
        s.at,
        s.owningTeam,
        s.steward,
        s.lifecycle,
        s.description,
        s.tags,
        s.classification,
        s.compatibilityMode,
        s.sunsetDate,
        s.schemaVersion,
        s.upstreams,
        eventsReplayed + 1);
  }

  private ProductState withSteward(String person) {
    return new ProductState(
        id,
        at,
        owningTeam,
        person,
        lifecycle,
        description,
        tags,
        classification,
        compatibilityMode,
        sunsetDate,
        schemaVersion,
        upstreams,
        0);
  }

  private ProductState withUpstreams(List<String> next) {
    return new ProductState(
        id,
        at,
        owningTeam,
        steward,
        lifecycle,
        description,
        tags,
        classification,
        compatibilityMode,
        sunsetDate,
        schemaVersion,
        next,
        0);
  }
}
