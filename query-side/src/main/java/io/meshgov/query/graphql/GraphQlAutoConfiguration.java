package io.meshgov.query.graphql;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.InboxQueries;
import io.meshgov.lineage.query.LineageQueries;
import io.meshgov.query.live.LiveUpdates;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;

/**
 * The GraphQL API over the lineage graph: scalars, the query controller, error mapping,
 * read-your-writes and the limits on query depth and cost.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.autoconfigure.graphql.GraphQlAutoConfiguration",
    afterName = {
      "io.meshgov.query.graph.QuerySideAutoConfiguration",
      "io.meshgov.command.infrastructure.CommandSideAutoConfiguration",
      "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration"
    })
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
    name = "meshgov.query-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties({GraphQlSettings.class})
public class GraphQlAutoConfiguration {

  @Bean
  RuntimeWiringConfigurer meshgovScalars() {
    return wiring -> wiring.scalar(Scalars.DATE_TIME).scalar(Scalars.LONG);
  }

  @Bean
  GraphQlErrors meshgovGraphQlErrors() {
    return new GraphQlErrors();
  }

  @Bean
  ErrorCodes meshgovErrorCodes() {
    return new ErrorCodes();
  }

  /**
   * Read-your-writes, bounded: one wait of at most {@code read-your-writes-timeout} per request, at
   * most {@code read-your-writes-max-waiting} requests waiting at a time, and positions beyond the
   * store's head refused (where this process knows the head).
   */
  @Bean
  ProjectionWait projectionWait(
      GraphProjector projector, ObjectProvider<StoreHead> storeHead, GraphQlSettings settings) {
    return new ProjectionWait(
        projector,
        storeHead.getIfAvailable(() -> () -> Long.MAX_VALUE),
        settings.readYourWritesTimeout(),
        settings.readYourWritesMaxWaiting());
  }

  /** verifyHistory and createCheckpoint, where something answers for the store's evidence. */
  @Bean
  @ConditionalOnBean(io.meshgov.query.audit.HistoryAudit.class)
  HistoryAuditController historyAuditController(
      io.meshgov.query.audit.HistoryAudit audit, ObjectProvider<CurrentActor> actor) {
    return new HistoryAuditController(audit, actor.getIfAvailable(() -> Optional::empty));
  }

  @Bean
  @ConditionalOnBean(io.meshgov.query.audit.HistoryAudit.class)
  AuditEventsController auditEventsController(io.meshgov.query.audit.HistoryAudit audit) {
    return new AuditEventsController(audit);
  }

  @Bean
  InboxController inboxController(
      InboxQueries inbox,
      LiveUpdates live,
      ObjectProvider<CurrentActor> actor,
      ProjectionWait wait) {
    return new InboxController(inbox, live, actor.getIfAvailable(() -> Optional::empty), wait);
  }

  @Bean
  ServiceLevelController serviceLevelController(LineageQueries queries) {
    return new ServiceLevelController(queries);
  }

  @Bean
  LineageGraphController lineageGraphController(LineageQueries queries, ProjectionWait wait) {
    return new LineageGraphController(queries, wait);
  }

  @Bean
  DatasetController datasetController(LineageQueries queries, ProjectionWait wait) {
    return new DatasetController(queries, wait);
  }

  /** The mutations, where a command side is reachable from this process. */
  @Bean
  @ConditionalOnBean(GovernanceGateway.class)
  CommandMutations commandMutations(
      GovernanceGateway gateway, ObjectProvider<CurrentActor> actor, ObjectMapper json) {
    return new CommandMutations(gateway, actor.getIfAvailable(() -> Optional::empty), json);
  }

  /** Takes a client's correlation id from the {@code X-Correlation-Id} header. */
  @Bean
  RequestCorrelation requestCorrelation(ObjectProvider<CurrentActor> actor) {
    return new RequestCorrelation(actor.getIfAvailable(() -> Optional::empty));
  }

  /** The event store of this process, where there is one (else someone provides another). */
  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
  io.meshgov.query.audit.AggregateHistory storeHistory(
      ObjectProvider<org.axonframework.eventsourcing.eventstore.EventStore> store,
      ObjectProvider<io.meshgov.query.audit.EventPositions> positions) {
    return new io.meshgov.query.audit.StoreHistory(store, positions);
  }

  /** The auditor's queries, answered from the event store. */
  @Bean
  io.meshgov.query.audit.AuditController auditController(
      io.meshgov.query.audit.AggregateHistory history, ObjectMapper json) {
    return new io.meshgov.query.audit.AuditController(history, json);
  }

  @Bean
  @ConditionalOnBean(GovernanceGateway.class)
  CommandPayloadController commandPayloadController(LineageQueries queries, ProjectionWait wait) {
    return new CommandPayloadController(queries, queries, wait);
  }

  /** Refuses queries nested deeper than this before they run. */
  @Bean
  MaxQueryDepthInstrumentation maxQueryDepth(GraphQlSettings settings) {
    return new MaxQueryDepthInstrumentation(settings.maxDepth());
  }

  /** Refuses queries that would fetch more fields than this before they run. */
  @Bean
  MaxQueryComplexityInstrumentation maxQueryComplexity(GraphQlSettings settings) {
    return new MaxQueryComplexityInstrumentation(settings.maxComplexity(), QueryCost::of);
  }
}
