package io.meshgov.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a product's owner promises its consumers, versioned like its schema.
 *
 * @param freshness the longest delay between a change at the source and its arrival in the product,
 *     ISO-8601 ({@code PT15M}); stored normalised
 * @param availability the share of time the output port serves, in percent (0 to 100, exclusive of
 *     0)
 * @param supportHours when someone answers ({@code Mon-Fri 08:00-18:00 CET}), free text
 * @param contact where to ask (a channel, an address), free text
 * @param retentionDays how long data stays readable, in days
 * @param noticeDays how many days ahead a weaker agreement must be announced before it applies
 * @param extraTerms further terms in the owner's words, at most {@link #MAX_EXTRA_TERMS}
 */
public record ServiceLevelAgreement(
    String freshness,
    double availability,
    String supportHours,
    String contact,
    int retentionDays,
    int noticeDays,
    List<String> extraTerms) {

  public static final int MAX_EXTRA_TERMS = 20;

  /**
   * The most days any term may name (notice, retention, freshness), and how far ahead an agreement
   * may be announced: a hundred years.
   */
  public static final int MAX_DAYS = 3_650 * 10;

  public ServiceLevelAgreement {
    freshness = freshness(freshness).toString();
    if (!(availability > 0 && availability <= 100)) {
      throw GovernanceException.invalid(
          "availability must be a percentage above 0 and at most 100, not " + availability);
    }
    supportHours = Values.requiredText(supportHours, "support hours", Limits.NAME);
    contact = Values.requiredText(contact, "contact", Limits.NAME);
    retentionDays = days(retentionDays, "retention days");
    noticeDays = days(noticeDays, "notice days");
    extraTerms = Values.list(extraTerms, "extra terms", MAX_EXTRA_TERMS);
    for (String term : extraTerms) {
      Values.requiredText(term, "an extra term", Limits.TEXT);
    }
  }

  /** The freshness promise as a duration. */
  public Duration maxDelay() {
    return Duration.parse(freshness);
  }

  /**
   * The terms in which this agreement promises less than {@code accepted}: a longer delay, a lower
   * availability, a shorter retention or a shorter notice. Support hours, contact and extra terms
   * are words, not measures: changing them is never counted as weakening.
   */
  public List<String> weakerThan(ServiceLevelAgreement accepted) {
    List<String> weaker = new ArrayList<>();
    if (maxDelay().compareTo(accepted.maxDelay()) > 0) {
      weaker.add("freshness " + accepted.freshness + " -> " + freshness);
    }
    if (availability < accepted.availability) {
      weaker.add("availability " + accepted.availability + " -> " + availability);
    }
    if (retentionDays < accepted.retentionDays) {
      weaker.add("retentionDays " + accepted.retentionDays + " -> " + retentionDays);
    }
    if (noticeDays < accepted.noticeDays) {
      weaker.add("noticeDays " + accepted.noticeDays + " -> " + noticeDays);
    }
    return weaker;
  }

  private static Duration freshness(String value) {
    Values.requiredText(value, "freshness", 40);
    Duration parsed;
    try {
      parsed = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw GovernanceException.invalid(
          "freshness '" + Values.abbreviate(value) + "' is not an ISO-8601 duration such as PT15M");
    }
    if (parsed.isNegative() || parsed.isZero() || parsed.toDays() > MAX_DAYS) {
      throw GovernanceException.invalid(
          "freshness must be positive and at most " + MAX_DAYS + " days");
    }
    return parsed;
  }

  private static int days(int value, String what) {
    if (value < 0 || value > MAX_DAYS) {
      throw GovernanceException.invalid(what + " must lie between 0 and " + MAX_DAYS);
    }
    return value;
  }
}
