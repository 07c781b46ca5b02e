package io.meshgov.server.audit;

import io.meshgov.command.audit.AuditSettings;
import io.meshgov.command.audit.Checkpoints;
import io.meshgov.command.audit.HistoryVerifier;
import io.meshgov.query.audit.HistoryAudit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where the event store lives (embedded default, command service), the auditor checks it here. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "meshgov.command-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
class HistoryAuditConfiguration {

  @Bean
  HistoryAudit localHistoryAudit(
      HistoryVerifier verifier,
      Checkpoints checkpoints,
      JdbcTemplate jdbc,
      AuditSettings settings) {
    return new LocalHistoryAudit(verifier, checkpoints, jdbc, settings.verifyMaxEvents());
  }

  /** Exports, where the store is: served at once (embedded) or to the query service (split). */
  @Bean
  HistoryExports historyExports(
      io.meshgov.command.audit.HistoryExporter exporter,
      org.springframework.beans.factory.ObjectProvider<io.meshgov.api.command.GovernanceGateway>
          gateway) {
    return new HistoryExports(exporter, gateway.getObject());
  }

  /** Global positions of an aggregate's events, from their chain links (one per stored event). */
  @Bean
  io.meshgov.query.audit.EventPositions eventPositions(JdbcTemplate jdbc) {
    return (aggregateId, from, to) -> {
      java.util.Map<Long, Long> positions = new java.util.HashMap<>();
      jdbc.query(
          "select sequence_number, global_index from event_chain"
              + " where aggregate_identifier = ? and sequence_number between ? and ?",
          rs -> {
            positions.put(rs.getLong(1), rs.getLong(2));
          },
          aggregateId,
          from,
          to);
      return positions;
    };
  }
}
