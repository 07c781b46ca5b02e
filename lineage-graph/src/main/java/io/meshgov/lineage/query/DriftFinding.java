package io.meshgov.lineage.query;

import java.time.Instant;
import java.util.List;

/**
 * One place where what pipelines do differs from what owners declared, with the evidence (job, run,
 * time) and the team to tell.
 *
 * @param kind UNDECLARED_UPSTREAM, SHADOW_CONSUMER, STALE_DECLARATION, SCHEMA_DRIFT or
 *     OWNERSHIP_CLAIM_MISMATCH
 * @param product the product the finding is about
 * @param otherProduct the other product involved (the upstream read, the consumer written), if any
 */
public record DriftFinding(
    String kind,
    String product,
    String productDomain,
    String productOwner,
    String otherProduct,
    String datasetNamespace,
    String datasetName,
    String otherDatasetNamespace,
    String otherDatasetName,
    String jobNamespace,
    String jobName,
    String run,
    Instant time,
    String teamToTell,
    List<String> details) {}
