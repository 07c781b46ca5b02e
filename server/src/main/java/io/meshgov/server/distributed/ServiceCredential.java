package io.meshgov.server.distributed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The query service's own credential towards the command service: a shared secret ({@code
 * meshgov.command-service.secret}, at least 32 characters) sent in a header of its own beside the
 * user's bearer token. The command service accepts a request only with both: the secret says the
 * query service sent it (so its limits and checks were applied), the token says for whom.
 */
final class ServiceCredential {

  static final String HEADER = "X-Meshgov-Service-Credential";
  static final int MIN_LENGTH = 32;

  private final byte[] secret;

  ServiceCredential(String secret) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "meshgov.command-service.secret (MESHGOV_SERVICE_SECRET) must hold a shared secret of at"
              + " least "
              + MIN_LENGTH
              + " characters for the command and query services");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  String value() {
    return new String(secret, StandardCharsets.UTF_8);
  }

  /** Compares in constant time, so the answer's timing tells nothing about the secret. */
  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
  }
}
