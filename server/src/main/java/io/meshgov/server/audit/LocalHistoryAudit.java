package io.meshgov.server.audit;

import io.meshgov.api.ErrorCategory;
import io.meshgov.command.audit.AuditSearch;
import io.meshgov.command.audit.Checkpoint;
import io.meshgov.command.audit.Checkpoints;
import io.meshgov.command.audit.HistoryVerifier;
import io.meshgov.command.audit.VerificationResult;
import io.meshgov.query.audit.HistoryAudit;
import io.meshgov.query.error.QueryError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verification and checkpoints in the process that holds the event store: one verification at a
 * time, and only for stores a request can check ({@code meshgov.audit.verify-max-events}).
 */
public final class LocalHistoryAudit implements HistoryAudit {

  private final HistoryVerifier verifier;
  private final Checkpoints checkpoints;
  private final JdbcTemplate jdbc;
  private final long maxEvents;
  private final AuditSearch search;
  private final Semaphore one = new Semaphore(1);

  public LocalHistoryAudit(
      HistoryVerifier verifier, Checkpoints checkpoints, JdbcTemplate jdbc, long maxEvents) {
    this.verifier = verifier;
    this.checkpoints = checkpoints;
    this.jdbc = jdbc;
    this.maxEvents = maxEvents;
    this.search = new AuditSearch(jdbc);
  }

  @Override
  public Verification verify() {
    Long size = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    if (size != null && size > maxEvents) {
      throw new QueryError(
          ErrorCategory.QUERY_TOO_COMPLEX,
          "the store holds "
              + size
              + " events, more than a request verifies ("
              + maxEvents
              + "): use the command line (docs/audit.md)");
    }
    if (!one.tryAcquire()) {
      throw QueryError.unavailable("another verification is running: ask again when it is done");
    }
    try {
      return of(verifier.verify(done -> {}));
    } finally {
      one.release();
    }
  }

  @Override
  public Optional<SignedCheckpoint> checkpoint() {
    try {
      return checkpoints.make().map(LocalHistoryAudit::of);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw QueryError.unavailable("interrupted while signing a checkpoint");
    }
  }

  @Override
  public List<FoundEvent> search(SearchFilter filter, Long after, int limit, boolean oldestFirst) {
    return search
        .search(
            new AuditSearch.Filter(
                filter.actor(),
                filter.from(),
                filter.to(),
                filter.types(),
                filter.aggregateIds(),
                filter.domain(),
                filter.team(),
                filter.correlationId()),
            after,
            limit,
            oldestFirst)
        .stream()
        .map(
            f ->
                new FoundEvent(
                    f.position(),
                    f.aggregateId(),
                    f.type(),
                    f.time(),
                    f.actor(),
                    f.reason(),
                    f.correlationId()))
        .toList();
  }

  static Verification of(VerificationResult result) {
    VerificationResult.Break at = result.firstBreak();
    return new Verification(
        result.intact(),
        result.checkedUpTo(),
        result.eventsChecked(),
        result.checkpoint(),
        at == null
            ? null
            : new Break(at.position(), at.aggregateId(), at.sequence(), at.problem()));
  }

  static SignedCheckpoint of(Checkpoint checkpoint) {
    return new SignedCheckpoint(
        checkpoint.number(),
        Instant.parse(checkpoint.madeAt()),
        checkpoint.upToPosition(),
        checkpoint.eventCount(),
        checkpoint.aggregateCount(),
        checkpoint.keyId());
  }
}
