package io.meshgov.command.domain.product;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.TeamId;
import io.meshgov.api.TransferId;
import io.meshgov.api.command.DataProductCommand.AcceptOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.CancelOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.ExpireOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RejectOwnershipTransferCommand;
import io.meshgov.api.command.DataProductCommand.RequestOwnershipTransferCommand;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferAcceptedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferCancelledEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferExpiredEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRejectedEvent;
import io.meshgov.api.product.DataProductEvent.OwnershipTransferRequestedEvent;
import io.meshgov.command.domain.access.Actor;
import io.meshgov.command.domain.access.Authorisation;
import io.meshgov.command.domain.access.PlatformRoles;
import io.meshgov.command.domain.directory.TeamDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;

/**
 * The ownership-transfer sub-process of one data product: at most one open request at a time, each
 * with an id of its own for good, accepted by an independent member of the receiving team
 * (four-eyes between teams), rejected by the receiving team, cancelled by the requester or the
 * owners, and expired by a deadline. Every way a request ends cancels its deadline.
 */
class OwnershipTransfers {

  /** The deadline that expires an open request (scoped to the product). */
  static final String EXPIRY = "ownership-transfer-expiry";

  private record OpenTransfer(
      TransferId transferId,
      TeamId toTeam,
      PersonId requestedBy,
      Instant requestedAt,
      Instant expiresAt) {}

  private final DataProduct product;
  private final Set<TransferId> usedTransferIds = new HashSet<>();
  private OpenTransfer open;

  OwnershipTransfers(DataProduct product) {
    this.product = product;
  }

  @CommandHandler
  void handle(
      RequestOwnershipTransferCommand command,
      @Actor PersonId requester,
      TeamDirectory teams,
      Clock clock,
      OwnershipTransferPolicy policy,
      DeadlineManager deadlines) {
    product.requireChangeableBy(requester, teams);
    if (open != null) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_ALREADY_OPEN,
          product.id()
              + " already has an open transfer request "
              + open.transferId()
              + " to team "
              + open.toTeam());
    }
    if (usedTransferIds.contains(command.transferId())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_ID_TAKEN,
          "transfer id "
              + command.transferId()
              + " was used before on "
              + product.id()
              + ": choose another");
    }
    if (command.targetTeam().equals(product.owningTeam())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_TO_CURRENT_OWNER,
          "team " + product.owningTeam() + " already owns " + product.id());
    }
    if (!teams.teamExists(command.targetTeam())) {
      throw new GovernanceException(
          RejectionCode.TEAM_NOT_FOUND, "team " + command.targetTeam() + " does not exist");
    }
    Instant expiresAt = clock.instant().plus(policy.expiry());
    apply(
        new OwnershipTransferRequestedEvent(
            product.id(),
            command.transferId(),
            product.owningTeam(),
            command.targetTeam(),
            requester,
            command.reason(),
            expiresAt));
    deadlines.schedule(expiresAt, EXPIRY, command.transferId());
  }

  @CommandHandler
  void handle(
      AcceptOwnershipTransferCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      Clock clock,
      DeadlineManager deadlines) {
    OpenTransfer transfer = requireOpen(command.transferId());
    if (!clock.instant().isBefore(transfer.expiresAt())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_EXPIRED,
          "transfer request " + transfer.transferId() + " expired at " + transfer.expiresAt());
    }
    if (person.equals(transfer.requestedBy())) {
      throw new GovernanceException(
          RejectionCode.SELF_APPROVAL,
          person + " requested transfer " + transfer.transferId() + " and may not accept it");
    }
    requireReceivingMember(person, transfer, teams);
    requireIndependentAcceptor(person, transfer, teams);
    apply(
        new OwnershipTransferAcceptedEvent(
            product.id(),
            transfer.transferId(),
            product.owningTeam(),
            transfer.toTeam(),
            transfer.requestedBy(),
            person));
    deadlines.cancelAllWithinScope(EXPIRY);
  }

  @CommandHandler
  void handle(
      RejectOwnershipTransferCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      DeadlineManager deadlines) {
    OpenTransfer transfer = requireOpen(command.transferId());
    requireReceivingMember(person, transfer, teams);
    apply(
        new OwnershipTransferRejectedEvent(
            product.id(), transfer.transferId(), transfer.toTeam(), person));
    deadlines.cancelAllWithinScope(EXPIRY);
  }

  @CommandHandler
  void handle(
      CancelOwnershipTransferCommand command,
      @Actor PersonId person,
      TeamDirectory teams,
      DeadlineManager deadlines) {
    OpenTransfer transfer = requireOpen(command.transferId());
    if (!person.equals(transfer.requestedBy())) {
      Authorisation.requireOwnerOrSteward(person, product.view(), teams);
    }
    cancel(person, deadlines);
  }

  @CommandHandler
  void handle(
      ExpireOwnershipTransferCommand command,
      @Actor PersonId person,
      @MetaDataValue(GovernanceMetaData.ROLES) String roles,
      Clock clock,
      DeadlineManager deadlines) {
    // the deadline expires requests by itself; by hand only an admin, e.g. for stores whose
    // requests predate persistent deadlines
    PlatformRoles.requireAdmin(person, roles, "expire a transfer request by hand");
    OpenTransfer transfer = requireOpen(command.transferId());
    if (clock.instant().isBefore(transfer.expiresAt())) {
      throw new GovernanceException(
          RejectionCode.TRANSFER_NOT_EXPIRED,
          "transfer request " + transfer.transferId() + " is open until " + transfer.expiresAt());
    }
    apply(
        new OwnershipTransferExpiredEvent(
            product.id(), transfer.transferId(), transfer.toTeam(), transfer.expiresAt()));
    deadlines.cancelAllWithinScope(EXPIRY);
  }

  /** The deadline of request {@code transferId} passed: expires it if it is still open. */
  void expire(TransferId transferId) {
    if (open != null && open.transferId().equals(transferId)) {
      apply(
          new OwnershipTransferExpiredEvent(
              product.id(), transferId, open.toTeam(), open.expiresAt()),
          MetaData.with(GovernanceMetaData.ACTOR, GovernanceMetaData.SYSTEM_ACTOR));
    }
  }

  /** Cancels the open request, if any, with its deadline (the product is being retired). */
  void cancelOpen(PersonId person, DeadlineManager deadlines) {
    if (open != null) {
      cancel(person, deadlines);
    }
  }

  private void cancel(PersonId person, DeadlineManager deadlines) {
    apply(
        new OwnershipTransferCancelledEvent(
            product.id(), open.transferId(), open.toTeam(), person));
    deadlines.cancelAllWithinScope(EXPIRY);
  }

  private OpenTransfer requireOpen(TransferId transferId) {
    if (open == null || !open.transferId().equals(transferId)) {
      throw new GovernanceException(
          RejectionCode.NO_OPEN_TRANSFER,
          "transfer request " + transferId + " of " + product.id() + " is not open");
    }
    return open;
  }

  private static void requireReceivingMember(
      PersonId person, OpenTransfer transfer, TeamDirectory teams) {
    if (!teams.isMember(transfer.toTeam(), person)) {
      throw new GovernanceException(
          RejectionCode.NOT_RECEIVING_TEAM_MEMBER,
          person + " is not a member of the receiving team " + transfer.toTeam());
    }
  }

  /**
   * Four-eyes between teams: the receiving team takes part only if the acceptor belonged to it
   * before the request (nobody can be added to it afterwards to accept) and does not belong to the
   * giving team as well.
   */
  private void requireIndependentAcceptor(
      PersonId person, OpenTransfer transfer, TeamDirectory teams) {
    if (teams.isMember(product.owningTeam(), person)) {
      throw new GovernanceException(
          RejectionCode.ACCEPTOR_IN_GIVING_TEAM,
          person
              + " is a member of the giving team "
              + product.owningTeam()
              + " too: someone only in "
              + transfer.toTeam()
              + " must accept");
    }
    Instant joined = teams.memberSince(transfer.toTeam(), person).orElse(Instant.MAX);
    if (!joined.isBefore(transfer.requestedAt())) {
      throw new GovernanceException(
          RejectionCode.JOINED_AFTER_REQUEST,
          person
              + " joined team "
              + transfer.toTeam()
              + " after transfer "
              + transfer.transferId()
              + " was requested: a member from before the request must accept");
    }
  }

  @EventSourcingHandler
  void on(OwnershipTransferRequestedEvent event, @Timestamp Instant requestedAt) {
    usedTransferIds.add(event.transferId());
    open =
        new OpenTransfer(
            event.transferId(),
            event.toTeam(),
            event.requestedBy(),
            requestedAt,
            event.expiresAt());
  }

  @EventSourcingHandler
  void on(OwnershipTransferAcceptedEvent event) {
    open = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferRejectedEvent event) {
    open = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferCancelledEvent event) {
    open = null;
  }

  @EventSourcingHandler
  void on(OwnershipTransferExpiredEvent event) {
    open = null;
  }
}
