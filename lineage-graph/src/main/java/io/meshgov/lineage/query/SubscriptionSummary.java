package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/** A subscription as the graph knows it: who reads what, why, and where it stands. */
public record SubscriptionSummary(
    String id,
    String product,
    String consumerTeam,
    String consumingProduct,
    String status,
    String purpose,
    List<String> fieldsUsed,
    String requestedBy,
    Instant requestedAt,
    String approvedBy,
    String endedBy,
    Integer slaVersion) {}
