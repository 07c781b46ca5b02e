package io.meshgov.command.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The last checkpoint the key signed, kept beside the key and outside the database: its number and
 * digest. The signer builds only on the checkpoint it signed last, and the verifier asks for it, so
 * deleting checkpoints and letting the application sign new ones over a rewritten history is found.
 * A null path keeps no anchor (the command line without one).
 */
public final class CheckpointAnchor {

  /** A signed checkpoint's number and the digest of its signature. */
  public record Anchor(long number, byte[] digest) {
    boolean is(Checkpoint checkpoint) {
      return checkpoint.number() == number && Arrays.equals(checkpoint.digest(), digest);
    }
  }

  private final Path file;

  public CheckpointAnchor(Path file) {
    this.file = file;
  }

  public Optional<Anchor> read() {
    if (file == null || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
      return Optional.of(new Anchor(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1])));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the checkpoint anchor " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("the checkpoint anchor " + file + " is unreadable", e);
    }
  }

  /** Records a checkpoint as the last one signed (written to a new file, then moved over). */
  void write(Checkpoint checkpoint) {
    if (file == null) {
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path next = Files.createTempFile(parent, "audit-anchor", ".tmp");
      Files.writeString(
          next,
          checkpoint.number() + " " + HexFormat.of().formatHex(checkpoint.digest()) + "\n",
          StandardCharsets.US_ASCII);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint anchor " + file, e);
    }
  }

  /** Whether a key ever signed a checkpoint for this store. */
  boolean exists() {
    return file != null && Files.exists(file);
  }
}
