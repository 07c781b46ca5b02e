/**
 * The query side: the event consumers that feed the lineage graph (from the event store in embedded
 * mode, from Kafka in the distributed setup) and the Spring GraphQL controllers. Filled in by the
 * lineage-graph and GraphQL issues.
 */
package io.meshgov.query;
