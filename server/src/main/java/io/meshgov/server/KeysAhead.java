package io.meshgov.server;

import io.meshgov.plumbing.DataSettings;
import io.meshgov.plumbing.PemKeys;
import io.meshgov.server.security.EmbeddedSigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * On a first start, begins making the key pairs the start will write (the embedded token key,
 * unless tokens come from an issuer, and the audit key, unless its file is named) under {@code
 * <data-dir>/keys} on a thread of their own as soon as the context is prepared, so the main thread
 * finds them made instead of making them itself (decision 76). A pair made for a key the process
 * then does not write (a process without the command side has no audit key) is dropped with it.
 */
class KeysAhead implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Environment environment = context.getEnvironment();
    Path keys =
        Binder.get(environment)
            .bindOrCreate("meshgov", DataSettings.class)
            .dataDir()
            .resolve("keys");
    int missing = 0;
    String jwt = "spring.security.oauth2.resourceserver.jwt.";
    if (environment.getProperty(jwt + "issuer-uri", "").isBlank()
        && environment.getProperty(jwt + "jwk-set-uri", "").isBlank()
        && missingEither(
            keys.resolve(EmbeddedSigningKey.PRIVATE_FILE),
            keys.resolve(EmbeddedSigningKey.PUBLIC_FILE))) {
      missing++;
    }
    // AuditSettings' defaults
    if (environment.getProperty("meshgov.audit.private-key-file", "").isBlank()
        && missingEither(keys.resolve("audit-private.pem"), keys.resolve("audit-public.pem"))) {
      missing++;
    }
    PemKeys.makeAhead(missing);
  }

  /** Whether a pair is made for these files: when either is missing ({@code PemKeys}). */
  private static boolean missingEither(Path privateFile, Path publicFile) {
    return !Files.exists(privateFile) || !Files.exists(publicFile);
  }
}
