package io.meshgov.command.infrastructure;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Tamper evidence on the embedded file store (H2), edited with plain SQL. */
class EmbeddedTamperEvidenceTest extends TamperEvidenceContract {

  @TempDir Path folder;

  @Override
  StoreUnderTest freshStore() {
    return new StoreUnderTest(
        "jdbc:h2:file:async:" + folder.resolve("eventstore/meshgov") + ";WRITE_DELAY=0", "sa", "");
  }
}
