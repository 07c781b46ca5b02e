package io.meshgov.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceLevelAgreementTest {

  private static ServiceLevelAgreement sla(
      String freshness, double availability, int retention, int notice) {
    return new ServiceLevelAgreement(
        freshness, availability, "24/7", "#data", retention, notice, null);
  }

  @Test
  void freshness_is_kept_normalised() {
    assertThat(sla("PT60M", 99, 1, 1).freshness()).isEqualTo("PT1H");
    assertThat(sla("PT60M", 99, 1, 1).extraTerms()).isEmpty();
  }

  @Test
  void only_measurable_terms_weaken() {
    var gold = sla("PT15M", 99.9, 365, 30);
    assertThat(sla("PT5M", 99.99, 400, 60).weakerThan(gold)).isEmpty();
    assertThat(
            new ServiceLevelAgreement("PT15M", 99.9, "weekdays", "ops@x", 365, 30, List.of("new"))
                .weakerThan(gold))
        .isEmpty();
    assertThat(sla("PT16M", 99.5, 364, 29).weakerThan(gold))
        .containsExactly(
            "freshness PT15M -> PT16M",
            "availability 99.9 -> 99.5",
            "retentionDays 365 -> 364",
            "noticeDays 30 -> 29");
  }

  @Test
  void nonsense_is_refused_with_invalid_input() {
    for (Runnable bad :
        List.<Runnable>of(
            () -> sla("15 minutes", 99, 1, 1),
            () -> sla("PT0S", 99, 1, 1),
            () -> sla("-PT1M", 99, 1, 1),
            () -> sla("PT1M", 0, 1, 1),
            () -> sla("PT1M", 100.5, 1, 1),
            () -> sla("PT1M", Double.NaN, 1, 1),
            () -> sla("PT1M", 99, -1, 1),
            () -> sla("PT1M", 99, 1, 999_999),
            () -> new ServiceLevelAgreement("PT1M", 99, " ", "c", 1, 1, null))) {
      assertThatThrownBy(bad::run)
          .isInstanceOf(GovernanceException.class)
          .extracting(e -> ((GovernanceException) e).code())
          .isEqualTo(RejectionCode.INVALID_INPUT);
    }
  }
}
