package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/**
 * Who owned and stewarded a product when, oldest first, and every transfer request with how it
 * ended. An open period has {@code until == null}.
 */
public record OwnershipHistory(
    String product,
    String currentOwner,
    String currentSteward,
    List<OwnerPeriod> owners,
    List<StewardPeriod> stewards,
    List<Transfer> transfers) {

  /**
   * This history as it stood at {@code at}: periods and transfer requests begun by then, those
   * ended after it open, the owner and steward of that time; empty if nobody owned it yet.
   */
  public java.util.Optional<OwnershipHistory> asOf(Instant at) {
    List<OwnerPeriod> ownersThen =
        owners.stream()
            .filter(o -> !o.since().isAfter(at))
            .map(
                o ->
                    endsLater(o.until(), at)
                        ? new OwnerPeriod(
                            o.team(),
                            o.since(),
                            null,
                            o.transferId(),
                            o.requestedBy(),
                            o.approvedBy())
                        : o)
            .toList();
    if (ownersThen.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<StewardPeriod> stewardsThen =
        stewards.stream()
            .filter(s -> !s.since().isAfter(at))
            .map(s -> endsLater(s.until(), at) ? new StewardPeriod(s.person(), s.since(), null) : s)
            .toList();
    List<Transfer> transfersThen =
        transfers.stream()
            .filter(t -> !t.requestedAt().isAfter(at))
            .map(
                t ->
                    endsLater(t.endedAt(), at)
                        ? new Transfer(
                            t.id(),
                            t.fromTeam(),
                            t.toTeam(),
                            "REQUESTED",
                            t.reason(),
                            t.requestedBy(),
                            t.requestedAt(),
                            t.expiresAt(),
                            null,
                            null)
                        : t)
            .toList();
    return java.util.Optional.of(
        new OwnershipHistory(
            product,
            ownersThen.stream()
                .filter(o -> o.until() == null)
                .map(OwnerPeriod::team)
                .findFirst()
                .orElse(null),
            stewardsThen.stream()
                .filter(s -> s.until() == null)
                .map(StewardPeriod::person)
                .findFirst()
                .orElse(null),
            ownersThen,
            stewardsThen,
            transfersThen));
  }

  private static boolean endsLater(Instant until, Instant at) {
    return until != null && until.isAfter(at);
  }

  public record OwnerPeriod(
      String team,
      Instant since,
      Instant until,
      String transferId,
      String requestedBy,
      String approvedBy) {}

  public record StewardPeriod(String person, Instant since, Instant until) {}

  public record Transfer(
      String id,
      String fromTeam,
      String toTeam,
      String status,
      String reason,
      String requestedBy,
      Instant requestedAt,
      Instant expiresAt,
      String endedBy,
      Instant endedAt) {}
}
