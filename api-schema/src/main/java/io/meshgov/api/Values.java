package io.meshgov.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation shared by the ids and records of the contract. */
public final class Values {

  private Values() {}

  public static String matching(String value, Pattern pattern, String what) {
    if (value == null || value.isBlank()) {
      throw GovernanceException.invalid(what + " must not be empty");
    }
    if (!pattern.matcher(value).matches()) {
      throw GovernanceException.invalid(
          what + " '" + abbreviate(value) + "' must match " + pattern.pattern());
    }
    return value;
  }

  public static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }

  public static <T> T required(T value, String what) {
    if (value == null) {
      throw GovernanceException.invalid(what + " is required");
    }
    return value;
  }

  public static String text(String value, String what, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.length() > maxLength) {
      throw GovernanceException.invalid(what + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  public static String requiredText(String value, String what, int maxLength) {
    if (value == null || value.isBlank()) {
      throw GovernanceException.invalid(what + " is required");
    }
    return text(value, what, maxLength);
  }

  /** A list of at most {@code max} values, none null; null is the empty list. */
  public static <T> List<T> list(List<T> values, String what, int max) {
    if (values != null && values.size() > max) {
      throw GovernanceException.invalid(what + " has more than " + max + " entries");
    }
    return list(values, what);
  }

  /** Field names: at most {@link Limits#FIELDS}, each not blank and not too long. */
  public static List<String> fieldNames(List<String> names, String what) {
    List<String> checked = list(names, what, Limits.FIELDS);
    for (String name : checked) {
      requiredText(name, what + " entry", Limits.FIELD_NAME);
    }
    return checked;
  }

  public static <T> List<T> list(List<T> values, String what) {
    if (values == null) {
      return List.of();
    }
    if (values.stream().anyMatch(v -> v == null)) {
      throw GovernanceException.invalid(what + " must not contain null");
    }
    return List.copyOf(values);
  }

  public static <T> Set<T> set(Set<T> values, String what) {
    if (values == null) {
      return Set.of();
    }
    if (values.stream().anyMatch(v -> v == null)) {
      throw GovernanceException.invalid(what + " must not contain null");
    }
    return Set.copyOf(values);
  }
}
