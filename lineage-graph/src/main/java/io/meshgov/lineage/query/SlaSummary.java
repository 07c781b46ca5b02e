package io.meshgov.lineage.query;

import io.meshgov.api.ServiceLevelAgreement;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One published service-level agreement version: its terms, from when it applies, and, for a
 * weakening, the terms it weakened and the subscriptions that were given notice.
 */
public record SlaSummary(
    int version,
    ServiceLevelAgreement terms,
    Instant effectiveFrom,
    Instant publishedAt,
    String publishedBy,
    List<String> weakenedTerms,
    List<String> noticeTo) {

  public SlaSummary {
    weakenedTerms = weakenedTerms == null ? List.of() : List.copyOf(weakenedTerms);
    noticeTo = noticeTo == null ? List.of() : List.copyOf(noticeTo);
  }

  /**
   * The version in force at {@code at}: among those published by then whose effective date has
   * come, the newest. A later version that applies at once therefore overrides an earlier one that
   * was announced for a later date.
   */
  public static Optional<SlaSummary> inForce(List<SlaSummary> versions, Instant at) {
    return versions.stream()
        .filter(v -> !v.publishedAt().isAfter(at) && !v.effectiveFrom().isAfter(at))
        .max(Comparator.comparingInt(SlaSummary::version));
  }
}
