package io.meshgov.server.distributed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.command.GovernanceGateway;
import io.meshgov.query.audit.AggregateHistory;
import io.meshgov.server.ServerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * In the query service (no command side in this process), mutations and the auditor's reads of the
 * event store go to the command service at {@code meshgov.command-service.url}, carrying the
 * caller's token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meshgov.command-side.enabled", havingValue = "false")
@EnableConfigurationProperties({ServerSettings.CommandService.class})
class CommandForwarding {

  @Bean
  CommandService commandService(ServerSettings.CommandService settings) {
    return new CommandService(
        settings.requireUrl(),
        new ServiceCredential(settings.secret()),
        CommandForwarding::callersToken,
        settings.timeout());
  }

  /** Read-your-writes asks the command service for the store's newest position. */
  @Bean
  io.meshgov.query.graphql.StoreHead remoteStoreHead(
      CommandService commandService, ObjectMapper json) {
    return () -> {
      var response = commandService.send("/head", java.net.http.HttpRequest.newBuilder().GET());
      if (response.statusCode() != 200) {
        throw commandService.unavailable("status " + response.statusCode() + " from /head");
      }
      try {
        return json.readTree(response.body()).path("position").asLong(-1);
      } catch (java.io.IOException e) {
        throw commandService.unavailable("unreadable head: " + e.getMessage());
      }
    };
  }

  @Bean
  GovernanceGateway forwardingCommandGateway(CommandService commandService, ObjectMapper json) {
    return new HttpGovernanceGateway(commandService, json);
  }

  /** The store's evidence (verifyHistory, createCheckpoint) is asked of the command service. */
  @Bean
  io.meshgov.query.audit.HistoryAudit remoteHistoryAudit(
      CommandService commandService, ObjectMapper json) {
    return new RemoteHistoryAudit(commandService, json);
  }

  /** The auditor's queries read the event store through the command service. */
  @Bean
  AggregateHistory remoteHistory(CommandService commandService, ObjectMapper json) {
    return new RemoteHistory(commandService, json);
  }

  private static String callersToken() {
    if (SecurityContextHolder.getContext().getAuthentication()
        instanceof JwtAuthenticationToken t) {
      return t.getToken().getTokenValue();
    }
    throw new IllegalStateException("a forwarded command needs the caller's bearer token");
  }
}
