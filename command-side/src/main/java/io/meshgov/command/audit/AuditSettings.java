package io.meshgov.command.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.audit.*}: the tamper evidence of the event store.
 *
 * @param checkpointEvery how often a signed checkpoint is made (when something was stored)
 * @param settle how long a checkpoint waits after reading the store's head, so commands still
 *     committing below it are counted
 * @param privateKeyFile the checkpoint signing key (PKCS#8 PEM); empty: {@code
 *     <data-dir>/keys/audit-private.pem}, made at the first start
 * @param publicKeyFile its public key (X.509 PEM), what auditors verify with; empty: beside it
 * @param verifyMaxEvents the largest store {@code verifyHistory} checks within a request; larger
 *     ones are checked with the command line
 * @param anchorFile where the number and digest of the last checkpoint signed are kept, outside the
 *     database; empty: {@code audit-anchor} beside the private key (share it with the key between
 *     command services)
 */
@ConfigurationProperties("meshgov.audit")
public record AuditSettings(
    @DefaultValue("PT10M") Duration checkpointEvery,
    @DefaultValue("PT2S") Duration settle,
    @DefaultValue("") String privateKeyFile,
    @DefaultValue("") String publicKeyFile,
    @DefaultValue("1000000") long verifyMaxEvents,
    @DefaultValue("") String anchorFile) {

  public AuditSettings {
    if (checkpointEvery.isNegative() || checkpointEvery.isZero()) {
      throw new IllegalArgumentException(
          "meshgov.audit.checkpoint-every must be positive, not " + checkpointEvery);
    }
    if (settle.isNegative()) {
      throw new IllegalArgumentException("meshgov.audit.settle is negative");
    }
    if (verifyMaxEvents < 0) {
      throw new IllegalArgumentException("meshgov.audit.verify-max-events is negative");
    }
  }

  Path privateKey(Path dataDir) {
    return privateKeyFile.isBlank()
        ? dataDir.resolve("keys").resolve("audit-private.pem")
        : Path.of(privateKeyFile);
  }

  Path anchor(Path dataDir) {
    return anchorFile.isBlank()
        ? privateKey(dataDir).resolveSibling("audit-anchor")
        : Path.of(anchorFile);
  }

  Path publicKey(Path dataDir) {
    return publicKeyFile.isBlank()
        ? privateKey(dataDir).resolveSibling("audit-public.pem")
        : Path.of(publicKeyFile);
  }
}
