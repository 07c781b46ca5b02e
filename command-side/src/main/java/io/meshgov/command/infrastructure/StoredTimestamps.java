package io.meshgov.command.infrastructure;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Reads the time of a stored event. Axon writes it as text in one form, {@code
 * 2026-11-28T10:15:30.123Z} (milliseconds, UTC), and reads it back with a {@code
 * DateTimeFormatter}, twice for every event a tracking processor reads: once in its JDBC engine
 * (for its gap check, out of reach here) and once when the processor asks the event for its time,
 * which on the publisher's thread was a tenth of its CPU. This serves the second: it reads that one
 * form digit by digit and hands anything else to Axon's parser, so every text Axon reads is read to
 * the same instant.
 */
final class StoredTimestamps {

  private StoredTimestamps() {}

  static Instant parse(String text) {
    if (text.length() == 24
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(19) == '.'
        && text.charAt(23) == 'Z') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      int millis = digits(text, 20, 3);
      if (year >= 0
          && month >= 0
          && day >= 0
          && hour >= 0
          && hour < 24
          && minute >= 0
          && minute < 60
          && second >= 0
          && second < 60
          && millis >= 0) {
        try {
          long epochDay = LocalDate.of(year, month, day).toEpochDay();
          return Instant.ofEpochSecond(
              epochDay * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
        } catch (DateTimeException notADate) {
          // Axon's parser says what is wrong with it
        }
      }
    }
    return DateTimeUtils.parseInstant(text);
  }

  /** The decimal number of {@code length} ASCII digits at {@code from}, or -1. */
  private static int digits(String text, int from, int length) {
    int value = 0;
    for (int i = from; i < from + length; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * A stored event as Axon's JDBC engine read it, its time read from its text by {@link #parse}.
   */
  static final class Entry<T> implements TrackedEventData<T>, DomainEventData<T> {

    private final TrackedEventData<T> tracked;
    private final DomainEventData<T> read;
    private final String time;

    <E extends TrackedEventData<T> & DomainEventData<T>> Entry(E read, String time) {
      this.tracked = read;
      this.read = read;
      this.time = time;
    }

    @Override
    public Instant getTimestamp() {
      return parse(time);
    }

    @Override
    public TrackingToken trackingToken() {
      return tracked.trackingToken();
    }

    @Override
    public String getType() {
      return read.getType();
    }

    @Override
    public String getAggregateIdentifier() {
      return read.getAggregateIdentifier();
    }

    @Override
    public long getSequenceNumber() {
      return read.getSequenceNumber();
    }

    @Override
    public String getEventIdentifier() {
      return read.getEventIdentifier();
    }

    @Override
    public org.axonframework.serialization.SerializedObject<T> getMetaData() {
      return read.getMetaData();
    }

    @Override
    public org.axonframework.serialization.SerializedObject<T> getPayload() {
      return read.getPayload();
    }
  }
}
