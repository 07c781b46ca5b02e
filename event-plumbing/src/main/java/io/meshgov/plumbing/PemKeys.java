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

/**
 * RSA key pairs kept as PEM files (PKCS#8 private key readable only by its owner, X.509 public
 * key), the form {@code openssl} reads: the token key and the checkpoint key of the embedded
 * default are made at the first start and read again at every later one.
 */
public final class PemKeys {

  private PemKeys() {}

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
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
