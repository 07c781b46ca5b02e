package io.meshgov.command.domain.product;

import java.time.Duration;
import java.util.Objects;

/** How long a transfer request stays open before it expires. */
public record OwnershipTransferPolicy(Duration expiry) {

  public OwnershipTransferPolicy {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("a transfer request must stay open for some time");
    }
  }
}
