package io.meshgov.command.infrastructure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.ownership-transfer.*}.
 *
 * @param expiry how long a transfer request stays open before it expires (ISO-8601, {@code P7D})
 */
@ConfigurationProperties("meshgov.ownership-transfer")
public record OwnershipTransferSettings(@DefaultValue("P7D") Duration expiry) {

  public OwnershipTransferSettings {
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException(
          "meshgov.ownership-transfer.expiry must be positive, not " + expiry);
    }
  }
}
