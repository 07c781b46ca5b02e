package io.meshgov.query.audit;

import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionApprovedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionCancelledEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRejectedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRequestedEvent;
import io.meshgov.api.subscription.SubscriptionEvent.SubscriptionRevokedEvent;
import java.time.Instant;
import java.util.List;

/** A subscription as it was at some time, folded from its events in order. */
public final class SubscriptionState {

  private final String id;
  private final Instant at;
  private String product;
  private String consumerTeam;
  private String status;
  private String purpose;
  private List<String> fieldsUsed = List.of();
  private Integer slaVersion;
  private String requestedBy;
  private String decidedBy;
  private int eventsReplayed;
  private long upToSequence = -1;
  private long upToPosition = -1;

  SubscriptionState(String id, Instant at) {
    this.id = id;
    this.at = at;
  }

  void apply(SubscriptionEvent event, long sequence) {
    eventsReplayed++;
    upToSequence = sequence;
    product = event.product().value();
    consumerTeam = event.consumerTeam().value();
    if (event instanceof SubscriptionRequestedEvent e) {
      status = "PENDING";
      purpose = e.purpose();
      fieldsUsed = e.fieldsUsed();
      slaVersion = e.slaVersion();
      requestedBy = e.requestedBy().value();
    } else if (event instanceof SubscriptionApprovedEvent e) {
      status = "APPROVED";
      decidedBy = e.approvedBy().value();
    } else if (event instanceof SubscriptionRejectedEvent e) {
      status = "REJECTED";
      decidedBy = e.rejectedBy().value();
    } else if (event instanceof SubscriptionCancelledEvent e) {
      status = "CANCELLED";
      decidedBy = e.cancelledBy().value();
    } else if (event instanceof SubscriptionRevokedEvent e) {
      status = "REVOKED";
      decidedBy = e.revokedBy().value();
    }
  }

  public String id() {
    return id;
  }

  public Instant at() {
    return at;
  }

  public String product() {
    return product;
  }

  public String consumerTeam() {
    return consumerTeam;
  }

  public String status() {
    return status;
  }

  public String purpose() {
    return purpose;
  }

  public List<String> fieldsUsed() {
    return fieldsUsed;
  }

  public Integer slaVersion() {
    return slaVersion;
  }

  public String requestedBy() {
    return requestedBy;
  }

  /** Who approved, rejected, cancelled or revoked it last. */
  public String decidedBy() {
    return decidedBy;
  }

  public int eventsReplayed() {
    return eventsReplayed;
  }

  public long upToSequence() {
    return upToSequence;
  }

  /** The store position of the last event replayed; -1 when none was (or it is not known). */
  public long upToPosition() {
    return upToPosition;
  }

  void replayedThrough(long position) {
    upToPosition = position;
  }
}
