package io.meshgov.query.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * The event store's tamper evidence as the auditor's queries reach it: verified and checkpointed
 * where the store is (the embedded default), or asked of the command service in the split.
 */
public interface HistoryAudit {

  /** The answer of a verification: intact up to a position, or the first break. */
  record Verification(
      boolean intact, long checkedUpTo, long eventsChecked, Long checkpoint, Break firstBreak) {}

  record Break(long position, String aggregateId, Long sequence, String problem) {}

  /** A signed checkpoint: what it covers and with which key. */
  record SignedCheckpoint(
      long number,
      Instant madeAt,
      long upToPosition,
      long eventCount,
      long aggregateCount,
      String keyId) {}

  /**
   * Verifies the whole store within the request.
   *
   * @throws io.meshgov.query.error.QueryError QUERY_TOO_COMPLEX for a store larger than a request
   *     checks (the command line does), UNAVAILABLE while another verification runs
   */
  Verification verify();

  /** Signs a checkpoint now; empty when nothing was stored since the last one. */
  Optional<SignedCheckpoint> checkpoint();

  /** What {@code auditEvents} looks for; null or empty parts do not narrow. */
  record SearchFilter(
      String actor,
      Instant from,
      Instant to,
      java.util.List<String> types,
      java.util.List<String> aggregateIds,
      String domain,
      String team,
      String correlationId) {}

  /** One event found across all aggregates. */
  record FoundEvent(
      long position,
      String aggregateId,
      String type,
      Instant time,
      String actor,
      String reason,
      String correlationId) {}

  /**
   * Up to {@code limit} events matching the filter after position {@code after} (null: from the
   * start), newest first unless {@code oldestFirst}; from the store's search index.
   */
  java.util.List<FoundEvent> search(
      SearchFilter filter, Long after, int limit, boolean oldestFirst);
}
