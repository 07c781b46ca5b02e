package io.meshgov.command.infrastructure;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The cross-aggregate rules under concurrency on the embedded file store (H2). */
class EmbeddedConcurrentRulesTest extends ConcurrentRulesContract {

  @TempDir static Path folder;

  @Override
  StoreUnderTest store() {
    return new StoreUnderTest(
        "jdbc:h2:file:async:" + folder.resolve("eventstore/meshgov") + ";WRITE_DELAY=0", "sa", "");
  }
}
