package io.meshgov.lineage.query;

/**
 * Every question the lineage graph answers, for callers that ask many kinds; a caller that asks one
 * kind depends on its narrow interface instead.
 */
public interface LineageQueries
    extends LineageWalks,
        ImpactQueries,
        OwnershipHistoryQueries,
        CatalogQueries,
        TeamQueries,
        DatasetQueries,
        DriftQueries {}
