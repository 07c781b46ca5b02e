package io.meshgov.command.domain.product;

import static io.meshgov.command.domain.access.Rejections.as;
import static io.meshgov.command.domain.access.Rejections.rejectedWith;
import static io.meshgov.command.domain.product.ProductFixtures.SETTLEMENTS;
import static io.meshgov.command.domain.product.ProductFixtures.registered;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.ServiceLevelAgreement;
import io.meshgov.api.SubscriptionId;
import io.meshgov.api.command.DataProductCommand.PublishServiceLevelAgreementCommand;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.product.DataProductEvent.ServiceLevelAgreementPublishedEvent;
import io.meshgov.command.domain.directory.InMemoryLookups;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceLevelsTest {

  /** 15 minutes' delay, 99.9% available, a year kept, 30 days' notice. */
  static final ServiceLevelAgreement GOLD =
      new ServiceLevelAgreement(
          "PT15M", 99.9, "Mon-Fri 08:00-18:00 CET", "#payments-data", 365, 30, List.of());

  private final InMemoryLookups lookups = ProductFixtures.lookups();
  private AggregateTestFixture<DataProduct> fixture;
  private LocalDate today;

  @BeforeEach
  void setUp() {
    fixture = ProductFixtures.fixture(lookups);
    today = LocalDate.ofInstant(fixture.currentTime(), ZoneOffset.UTC);
  }

  private static ServiceLevelAgreement with(String freshness, double availability, int retention) {
    return new ServiceLevelAgreement(
        freshness, availability, GOLD.supportHours(), GOLD.contact(), retention, 30, List.of());
  }

  private ServiceLevelAgreementPublishedEvent gold() {
    return new ServiceLevelAgreementPublishedEvent(
        SETTLEMENTS, 1, GOLD, fixture.currentTime(), List.of(), List.of());
  }

  /** The first day that starts at least {@code days} full days from now. */
  private LocalDate earliest(int days) {
    Instant ends = fixture.currentTime().plus(java.time.Duration.ofDays(days));
    LocalDate day = LocalDate.ofInstant(ends, ZoneOffset.UTC);
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(ends) ? day.plusDays(1) : day;
  }

  private static Map<String, Object> because(String actor, String reason) {
    return Map.of(GovernanceMetaData.ACTOR, actor, GovernanceMetaData.REASON, reason);
  }

  @Test
  void the_first_agreement_is_version_one_and_applies_at_once() {
    fixture
        .given(registered())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, null), as("alice"))
        .expectEvents(gold());
  }

  @Test
  void a_stronger_agreement_needs_no_notice() {
    var platinum = with("PT5M", 99.99, 730);
    fixture
        .given(registered(), gold())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, platinum, null), as("alice"))
        .expectEvents(
            new ServiceLevelAgreementPublishedEvent(
                SETTLEMENTS, 2, platinum, fixture.currentTime(), List.of(), List.of()));
  }

  @Test
  void weakening_without_subscribers_who_accepted_the_stronger_one_is_allowed() {
    lookups.approved(SETTLEMENTS.value(), "sub_legacy", "finance"); // accepted no agreement
    var bronze = with("PT1H", 99.0, 90);
    fixture
        .given(registered(), gold())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, bronze, null), as("alice"))
        .expectEvents(
            new ServiceLevelAgreementPublishedEvent(
                SETTLEMENTS, 2, bronze, fixture.currentTime(), List.of(), List.of()));
  }

  @Test
  void weakening_what_subscribers_accepted_is_refused_naming_them_and_the_terms() {
    lookups.approvedUnderSla(SETTLEMENTS.value(), "sub_finance", "finance", 1);
    fixture
        .given(registered(), gold())
        .when(
            new PublishServiceLevelAgreementCommand(SETTLEMENTS, with("PT1H", 99.9, 365), null),
            as("alice"))
        .expectException(
            rejectedWith(
                RejectionCode.SLA_WEAKENED,
                e -> {
                  assertThat(e.details().get("affectedSubscriptions"))
                      .containsExactly("sub_finance (team finance, accepted version 1)");
                  assertThat(e.details().get("weakenedTerms"))
                      .containsExactly("freshness PT15M -> PT1H");
                  assertThat(e.details().get("earliestEffectiveFrom"))
                      .containsExactly(earliest(30).toString());
                }))
        .expectNoEvents();
  }

  @Test
  void a_date_without_a_reason_is_not_enough() {
    lookups.approvedUnderSla(SETTLEMENTS.value(), "sub_finance", "finance", 1);
    fixture
        .given(registered(), gold())
        .when(
            new PublishServiceLevelAgreementCommand(
                SETTLEMENTS, with("PT15M", 99.0, 365), today.plusDays(60)),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.SLA_WEAKENED));
  }

  @Test
  void a_weakening_that_comes_sooner_than_the_promised_notice_is_refused() {
    lookups.approvedUnderSla(SETTLEMENTS.value(), "sub_finance", "finance", 1);
    fixture
        .given(registered(), gold())
        .when(
            new PublishServiceLevelAgreementCommand(
                SETTLEMENTS, with("PT15M", 99.9, 30), today.plusDays(29)),
            because("alice", "storage costs"))
        .expectException(
            rejectedWith(
                RejectionCode.SLA_NOTICE_TOO_SHORT,
                e ->
                    assertThat(e.details().get("weakenedTerms"))
                        .containsExactly("retentionDays 365 -> 30")))
        .expectNoEvents();
  }

  @Test
  void a_weakening_with_reason_and_enough_notice_names_whom_to_tell() {
    lookups
        .approvedUnderSla(SETTLEMENTS.value(), "sub_finance", "finance", 1)
        .approved(SETTLEMENTS.value(), "sub_legacy", "risk");
    var bronze = with("PT1H", 99.0, 365);
    LocalDate from = earliest(30);
    fixture
        .given(registered(), gold())
        .when(
            new PublishServiceLevelAgreementCommand(SETTLEMENTS, bronze, from),
            because("alice", "moving to a cheaper cluster"))
        .expectEvents(
            new ServiceLevelAgreementPublishedEvent(
                SETTLEMENTS,
                2,
                bronze,
                from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                List.of("freshness PT15M -> PT1H", "availability 99.9 -> 99.0"),
                List.of(SubscriptionId.of("sub_finance"))));
  }

  @Test
  void the_same_agreement_again_is_refused() {
    fixture
        .given(registered(), gold())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, null), as("alice"))
        .expectException(rejectedWith(RejectionCode.SLA_UNCHANGED));
  }

  @Test
  void a_weakening_from_the_start_of_the_day_the_notice_ends_on_comes_a_little_too_soon() {
    lookups.approvedUnderSla(SETTLEMENTS.value(), "sub_finance", "finance", 1);
    LocalDate tooSoon = earliest(30).minusDays(1);
    fixture
        .given(registered(), gold())
        .when(
            new PublishServiceLevelAgreementCommand(SETTLEMENTS, with("PT1H", 99.9, 365), tooSoon),
            because("alice", "cheaper"))
        .expectException(rejectedWith(RejectionCode.SLA_NOTICE_TOO_SHORT));
  }

  @Test
  void an_effective_date_beyond_a_hundred_years_is_refused() {
    fixture
        .given(registered())
        .when(
            new PublishServiceLevelAgreementCommand(
                SETTLEMENTS, GOLD, LocalDate.parse("+999999999-12-31")),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.INVALID_INPUT));
  }

  @Test
  void a_date_in_the_past_is_refused() {
    fixture
        .given(registered())
        .when(
            new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, today.minusDays(1)),
            as("alice"))
        .expectException(rejectedWith(RejectionCode.INVALID_INPUT));
  }

  @Test
  void only_owners_and_the_steward_publish_and_never_on_a_retired_product() {
    fixture
        .given(registered())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, null), as("bob"))
        .expectException(rejectedWith(RejectionCode.NOT_OWNER_OR_STEWARD));
    fixture
        .given(registered())
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, null), as("steve"))
        .expectSuccessfulHandlerExecution();
    fixture
        .given(registered(), new DataProductRetiredEvent(SETTLEMENTS))
        .when(new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, null), as("alice"))
        .expectException(rejectedWith(RejectionCode.PRODUCT_RETIRED));
  }

  @Test
  void an_effective_date_in_the_future_is_kept_as_the_start_of_that_day() {
    Instant start = today.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant();
    fixture
        .given(registered())
        .when(
            new PublishServiceLevelAgreementCommand(SETTLEMENTS, GOLD, today.plusDays(3)),
            as("alice"))
        .expectEvents(
            new ServiceLevelAgreementPublishedEvent(
                SETTLEMENTS, 1, GOLD, start, List.of(), List.of()));
  }
}
