package io.meshgov.api.audit;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * Events of the audit log: what auditors took out of the store. Each export is an aggregate of its
 * own ({@code export:<id>}), so exports never wait for each other.
 */
public sealed interface AuditEvent {

  String exportId();

  /**
   * An auditor exported a range of the history: the filter as asked (time window and optional
   * domain, team, aggregates, actor) and the store's head when the export began. The exporting
   * person is the event's actor.
   */
  @Revision("1")
  record HistoryExportedEvent(
      String exportId,
      Instant from,
      Instant to,
      String domain,
      String team,
      List<String> aggregateIds,
      String actor,
      long headPosition)
      implements AuditEvent {}
}
