package io.meshgov.command.infrastructure;

import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** A command side alone, as a test starts it: auto-configuration only, no web server. */
@SpringBootConfiguration
@EnableAutoConfiguration
class CommandSideTestApplication {

  /** The system clock, which a test can gate to hold concurrent writers at their decision. */
  @Bean
  Clock clock() {
    return new GateClock();
  }

  private static final java.nio.file.Path DATA_DIR;

  static {
    try {
      DATA_DIR = java.nio.file.Files.createTempDirectory("meshgov-command-side");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Where these tests keep the checkpoint key. */
  static java.nio.file.Path dataDir() {
    return DATA_DIR;
  }

  static ConfigurableApplicationContext start(StoreUnderTest store, String... properties) {
    return new SpringApplicationBuilder(CommandSideTestApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.main.banner-mode=off",
            "spring.datasource.url=" + store.url(),
            "spring.datasource.username=" + store.user(),
            "spring.datasource.password=" + store.password(),
            "spring.datasource.hikari.maximum-pool-size=4",
            // two command transactions at once whatever the machine's cores (the pool has four
            // connections), and a wait for a group long enough for a slow machine: the tests that
            // hold the transactions busy rely on both
            "meshgov.command-side.group-transactions=2",
            "meshgov.command-side.group-wait=PT30S",
            // the checkpoint key of these tests, kept apart from the working tree
            "meshgov.data-dir=" + DATA_DIR,
            "meshgov.audit.settle=PT0S")
        .properties(properties)
        .run();
  }
}
