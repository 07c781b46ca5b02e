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
