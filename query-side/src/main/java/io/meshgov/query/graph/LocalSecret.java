package io.meshgov.query.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A random secret kept in a file only its owner may read: created (256 bits, hex) at the first
 * start, read at every later one.
 */
final class LocalSecret {

  private LocalSecret() {}

  static String loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path fresh = Files.createTempFile(file.getParent(), ".secret", ".tmp");
        restrict(fresh);
        Files.writeString(fresh, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
        Files.move(fresh, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      restrict(file);
      String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (secret.length() < 16) {
        throw new IllegalStateException("the secret in " + file + " is too short");
      }
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the secret " + file, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing to narrow
    }
  }
}
