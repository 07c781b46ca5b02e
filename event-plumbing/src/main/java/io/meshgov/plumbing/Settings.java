package io.meshgov.plumbing;

/** The checks every settings record applies when it is bound: a clear message names the key. */
public final class Settings {

  private Settings() {}

  /** Refuses a value below {@code minimum}, naming the setting. */
  public static long atLeast(long value, long minimum, String key) {
    if (value < minimum) {
      throw new IllegalArgumentException(key + " must be at least " + minimum + ", not " + value);
    }
    return value;
  }

  /** Refuses a null or blank value, naming the setting. */
  public static String required(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " must be set");
    }
    return value;
  }
}
