package io.meshgov.plumbing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * RSA key pairs kept as PEM files (PKCS#8 private key readable only by its owner, X.509 public
 * key), the form {@code openssl} reads: the token key and the checkpoint key of the embedded
 * default are made at the first start and read again at every later one.
 */
public final class PemKeys {

  private PemKeys() {}

  /** Pairs being made ahead, taken in turn by {@link #create}; at most {@link #AHEAD_MAX}. */
  private static final java.util.Queue<java.util.concurrent.CompletableFuture<KeyPair>> AHEAD =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final int AHEAD_MAX = 4;

  /**
   * Begins making {@code count} RSA pairs on a thread of its own, for a start that is about to
   * create key files (a first start creates two: before the JIT has compiled {@code BigInteger},
   * about a sixth of the main thread's start, decision 76); {@link #loadOrCreate} takes them before
   * making one itself. Pairs nobody takes are dropped with the process; never more than a few are
   * waiting.
   */
  public static void makeAhead(int count) {
    List<java.util.concurrent.CompletableFuture<KeyPair>> pairs = new java.util.ArrayList<>();
    for (int i = 0; i < count && AHEAD.size() + pairs.size() < AHEAD_MAX; i++) {
      pairs.add(new java.util.concurrent.CompletableFuture<>());
    }
    if (pairs.isEmpty()) {
      return;
    }
    AHEAD.addAll(pairs);
    Thread maker =
        new Thread(
            () -> {
              for (var pair : pairs) {
                try {
                  pair.complete(generate());
                } catch (RuntimeException | Error e) {
                  pair.completeExceptionally(e);
                }
              }
            },
            "key-pairs-ahead");
    maker.setDaemon(true);
    maker.start();
  }

  /** How many pairs made ahead are waiting to be taken (for tests). */
  static int waiting() {
    return AHEAD.size();
  }

  /** A pair made ahead if one is waiting (and its making did not fail), else a new one. */
  private static KeyPair newPair() {
    var ahead = AHEAD.poll();
    if (ahead != null) {
      try {
        return ahead.get(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a key pair was made", e);
      } catch (java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException failed) {
        // made here instead
      }
    }
    return generate();
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the pair from the two files, creating both (RSA 2048) when either is missing. */
  public static KeyPair loadOrCreate(Path privateFile, Path publicFile) {
    try {
      if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
        create(privateFile, publicFile);
      }
      return new KeyPair(readPublic(publicFile), readPrivate(privateFile));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the key pair " + privateFile, e);
    }
  }

  public static PublicKey readPublic(Path file) throws IOException {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pem(file)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(file + " does not hold an RSA public key", e);
    }
  }

  public static PrivateKey readPrivate(Path file) throws IOException {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pem(file)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(file + " does not hold an RSA private key", e);
    }
  }

  private static void create(Path privateFile, Path publicFile) throws IOException {
    Files.createDirectories(privateFile.toAbsolutePath().getParent());
    KeyPair pair = newPair();
    write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
    try {
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing to narrow
    }
    write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
  }

  /** Writes a DER structure as PEM with the given type ({@code PUBLIC KEY}, ...). */
  public static void write(Path file, String type, byte[] der) throws IOException {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }

  private static byte[] pem(Path file) throws IOException {
    String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }
}
