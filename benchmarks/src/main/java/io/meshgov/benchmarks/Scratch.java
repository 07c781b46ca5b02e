package io.meshgov.benchmarks;

import io.meshgov.server.MeshgovApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** What benchmarks start and leave behind: the embedded application, and their folders. */
final class Scratch {

  private Scratch() {}

  /**
   * The embedded default (H2 store, Neo4j in this JVM) on a free port of 127.0.0.1, its data in
   * {@code dataDir}, logging warnings only.
   */
  static ConfigurableApplicationContext embeddedApplication(Path dataDir) {
    return SpringApplication.run(
        MeshgovApplication.class,
        "--meshgov.data-dir=" + dataDir,
        "--server.port=0",
        "--logging.level.root=WARN");
  }

  /** Deletes a benchmark's folder and all in it: a million-event run leaves gigabytes. */
  static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
