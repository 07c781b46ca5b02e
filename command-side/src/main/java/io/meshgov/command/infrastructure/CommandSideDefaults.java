package io.meshgov.command.infrastructure;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every application with the command side needs, at the lowest precedence so an
 * application.yml or the command line can still override them: Jackson for every message (records
 * as readable JSON, also on Kafka later), no Axon Server, no update check, and the vendor's own
 * Flyway migrations (shared ones, then the vendor's own).
 */
class CommandSideDefaults implements EnvironmentPostProcessor {

  private static final Map<String, Object> DEFAULTS =
      Map.of(
          "axon.axonserver.enabled",
          "false",
          "axon.update-check.disabled",
          "true",
          "axon.serializer.general",
          "jackson",
          "axon.serializer.events",
          "jackson",
          "axon.serializer.messages",
          "jackson",
          "spring.flyway.locations",
          "classpath:db/migration/common,classpath:db/migration/{vendor}");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("meshgov-command-side", DEFAULTS));
  }
}
