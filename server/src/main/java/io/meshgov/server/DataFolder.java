package io.meshgov.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * The data folder of the embedded default (event store, lineage graph, keys) is the owner's alone:
 * created with, or narrowed to, {@code rwx------} before anything writes into it, so the files in
 * it (which the stores create with the process's umask) cannot be read by other users.
 */
class DataFolder implements EnvironmentPostProcessor {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String folder = environment.getProperty("meshgov.data-dir");
    if (folder == null
        || folder.isBlank()
        || !environment.acceptsProfiles(Profiles.of("embedded"))) {
      return;
    }
    Path path = Path.of(folder);
    try {
      if (!Files.exists(path)) {
        Files.createDirectories(path);
      }
      Files.setPosixFilePermissions(path, OWNER_ONLY);
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing to narrow
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the data folder " + path, e);
    }
  }
}
