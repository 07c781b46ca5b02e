package io.meshgov.server.security;

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
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The key pair that signs tokens in the embedded default: created at the first start under {@code
 * <data-dir>/keys} as PEM files (PKCS#8 private key readable only by its owner, X.509 public key),
 * read again at every later start. {@code bin/token} signs with the private key; the application
 * only ever verifies with the public one.
 */
public final class EmbeddedSigningKey {

  public static final String ISSUER = "meshgov-embedded";
  static final String PRIVATE_FILE = "jwt-private.pem";
  static final String PUBLIC_FILE = "jwt-public.pem";

  private EmbeddedSigningKey() {}

  public static KeyPair loadOrCreate(Path folder) {
    Path privateFile = folder.resolve(PRIVATE_FILE);
    Path publicFile = folder.resolve(PUBLIC_FILE);
    try {
      if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
        create(folder, privateFile, publicFile);
      }
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateKey privateKey =
          (RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(privateFile)));
      RSAPublicKey publicKey =
          (RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(pem(publicFile)));
      return new KeyPair(publicKey, privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key in " + folder, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the signing key in " + folder + " is not an RSA key", e);
    }
  }

  private static void create(Path folder, Path privateFile, Path publicFile)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(folder);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    write(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
    try {
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // a file system without POSIX permissions: nothing to narrow
    }
    write(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
  }

  private static void write(Path file, String type, byte[] der) throws IOException {
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
