package io.meshgov.command.infrastructure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.ownership-transfer.*}.
 *
 * @param expiry how long a transfer request stays open before it expires (ISO-8601, {@code P7D})
 * @param checkEvery how often a command service looks for expiries that are due
 */
@ConfigurationProperties("meshgov.ownership-transfer")
public record OwnershipTransferSettings(
    @DefaultValue("P7D") Duration expiry, @DefaultValue("PT1S") Duration checkEvery) {

  public OwnershipTransferSettings {
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException(
          "meshgov.ownership-transfer.expiry must be positive, not " + expiry);
    }
    if (checkEvery.isNegative() || checkEvery.isZero()) {
      throw new IllegalArgumentException(
          "meshgov.ownership-transfer.check-every must be positive, not " + checkEvery);
    }
  }
}
