/**
 * The Neo4j lineage graph: its model, the projector that applies each event idempotently, and the
 * Cypher read queries (lineage, impact, as-of, search) behind one narrow interface. Depends on the
 * contract and the Neo4j Java driver (embedded Neo4j is an optional dependency of {@code
 * embedded.EmbeddedNeo4j} only).
 */
package io.meshgov.lineage;
