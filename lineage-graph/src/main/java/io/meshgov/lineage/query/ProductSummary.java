package io.meshgov.lineage.query;

import java.util.List;

/** A data product as the graph knows it now. */
public record ProductSummary(
    String id,
    String domain,
    String description,
    List<String> tags,
    String classification,
    String lifecycle,
    String owningTeam,
    String steward,
    Long latestSchemaVersion) {}
