package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/**
 * A data product as the graph knows it now, or as it was at {@code asOf} (null: now): its text,
 * owner, steward, lifecycle and latest schema version then, and where it is served (its output
 * port).
 */
public record ProductSummary(
    String id,
    String domain,
    String description,
    List<String> tags,
    String classification,
    String lifecycle,
    String owningTeam,
    String steward,
    Long latestSchemaVersion,
    Instant asOf,
    String outputPort) {}
