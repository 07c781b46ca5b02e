package io.meshgov.server.security;

import io.meshgov.plumbing.PemKeys;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The key pair that signs tokens in the embedded default: created at the first start under {@code
 * <data-dir>/keys} as PEM files (PKCS#8 private key readable only by its owner, X.509 public key),
 * read again at every later start. {@code bin/token} signs with the private key; the application
 * only ever verifies with the public one.
 */
public final class EmbeddedSigningKey {

  public static final String ISSUER = "meshgov-embedded";
  public static final String PRIVATE_FILE = "jwt-private.pem";
  public static final String PUBLIC_FILE = "jwt-public.pem";

  private EmbeddedSigningKey() {}

  public static KeyPair loadOrCreate(Path folder) {
    return PemKeys.loadOrCreate(folder.resolve(PRIVATE_FILE), folder.resolve(PUBLIC_FILE));
  }
}
