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
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.api.product.DataProductEvent.StewardAssignedEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamDeclaredEvent;
import io.meshgov.api.product.DataProductEvent.UpstreamRemovedEvent;
import io.meshgov.lineage.query.SlaSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A product's state at some time, as the auditor sees it: folded from the product's events in
 * order, independent of the lineage graph and of the aggregate's private state.
 */
public final class ProductState {

  private final String id;
  private final Instant at;
  private String owningTeam;
  private String steward;
  private String lifecycle;
  private String description;
  private List<String> tags = List.of();
  private String classification;
  private CompatibilityMode compatibilityMode;
  private String sunsetDate;
  private Integer schemaVersion;
  private final List<SlaSummary> slaVersions = new ArrayList<>();
  private final TreeSet<String> upstreams = new TreeSet<>();
  private int eventsReplayed;
  private long upToSequence = -1;
  private long upToPosition = -1;

  ProductState(String id, Instant at) {
    this.id = id;
    this.at = at;
  }

  /**
   * Takes one more event of the product, stored at {@code time} by {@code actor}, into the state.
   */
  void apply(DataProductEvent event, Instant time, String actor) {
    eventsReplayed++;
    if (event instanceof DataProductRegisteredEvent e) {
      owningTeam = e.owningTeam().value();
      steward = e.steward() == null ? null : e.steward().value();
      lifecycle = "ACTIVE";
      description = e.description();
      tags = e.tags();
      classification = e.classification().name();
      compatibilityMode = e.compatibilityMode();
    } else if (event instanceof DataProductUpdatedEvent e) {
      description = e.description();
      tags = e.tags();
      classification = e.classification().name();
    } else if (event instanceof StewardAssignedEvent e) {
      steward = e.steward().value();
    } else if (event instanceof OwnershipTransferAcceptedEvent e) {
      owningTeam = e.toTeam().value();
    } else if (event instanceof DataProductDeprecatedEvent e) {
      lifecycle = "DEPRECATED";
      sunsetDate = e.sunsetDate().toString();
    } else if (event instanceof DataProductRetiredEvent) {
      lifecycle = "RETIRED";
    } else if (event instanceof SchemaVersionPublishedEvent e) {
      schemaVersion = e.version();
    } else if (event instanceof ServiceLevelAgreementPublishedEvent e) {
      slaVersions.add(
          new SlaSummary(
              e.version(),
              e.sla(),
              e.effectiveFrom(),
              time,
              actor,
              e.weakenedTerms(),
              e.noticeTo().stream().map(Object::toString).toList()));
    } else if (event instanceof CompatibilityModeChangedEvent e) {
      compatibilityMode = e.compatibilityMode();
    } else if (event instanceof UpstreamDeclaredEvent e) {
      upstreams.add(e.upstream().value());
    } else if (event instanceof UpstreamRemovedEvent e) {
      upstreams.remove(e.upstream().value());
    }
  }

  public String id() {
    return id;
  }

  public Instant at() {
    return at;
  }

  public String owningTeam() {
    return owningTeam;
  }

  public String steward() {
    return steward;
  }

  public String lifecycle() {
    return lifecycle;
  }

  public String description() {
    return description;
  }

  public List<String> tags() {
    return tags;
  }

  public String classification() {
    return classification;
  }

  public CompatibilityMode compatibilityMode() {
    return compatibilityMode;
  }

  public String sunsetDate() {
    return sunsetDate;
  }

  public Integer schemaVersion() {
    return schemaVersion;
  }

  /** The agreement in force at the state's time (the same rule as the graph's). */
  public SlaSummary sla() {
    return SlaSummary.inForce(slaVersions, at).orElse(null);
  }

  public List<String> upstreams() {
    return List.copyOf(upstreams);
  }

  void replayedTo(long sequence) {
    upToSequence = sequence;
  }

  /** The aggregate sequence of the last event replayed. */
  public long upToSequence() {
    return upToSequence;
  }

  public int eventsReplayed() {
    return eventsReplayed;
  }

  /** The store position of the last event replayed; -1 when none was (or it is not known). */
  public long upToPosition() {
    return upToPosition;
  }

  void replayedThrough(long position) {
    upToPosition = position;
  }
}
