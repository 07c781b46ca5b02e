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
 * On a first start, begins making the key pairs the start will write (the token key and the audit
 * key under {@code <data-dir>/keys}) on a thread of their own as soon as the context is prepared,
 * so the main thread finds them made instead of making them itself (decision 76). Counts only the
 * default files that are missing; a pair made for a key the settings put elsewhere (or that a
 * process without the command side never writes) is dropped with the process.
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
    if (!Files.exists(keys.resolve(EmbeddedSigningKey.PRIVATE_FILE))) {
      missing++;
    }
    if (environment.getProperty("meshgov.audit.private-key-file", "").isBlank()
        // AuditSettings.privateKey's default
        && !Files.exists(keys.resolve("audit-private.pem"))) {
      missing++;
    }
    PemKeys.makeAhead(missing);
  }
}
