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
}
