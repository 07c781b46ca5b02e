package io.meshgov.api;

import java.util.List;
import java.util.regex.Pattern;

/** Tags are lower-case words, kept sorted and without duplicates so equal sets compare equal. */
public final class Tags {

  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9:_.-]{0,63}");

  private Tags() {}

  public static List<String> normalise(List<String> tags) {
    if (tags == null) {
      return List.of();
    }
    if (tags.size() > 50) {
      throw GovernanceException.invalid("a product has at most 50 tags");
    }
    return tags.stream()
        .map(
            tag -> {
              String t = tag == null ? "" : tag.trim().toLowerCase(java.util.Locale.ROOT);
              if (!FORMAT.matcher(t).matches()) {
                throw GovernanceException.invalid(
                    "tag '" + tag + "' must match " + FORMAT.pattern());
              }
              return t;
            })
        .distinct()
        .sorted()
        .toList();
  }
}
