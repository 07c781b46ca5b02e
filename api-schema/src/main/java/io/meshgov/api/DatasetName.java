package io.meshgov.api;

/**
 * A dataset as OpenLineage names it: a namespace (where it lives, e.g. {@code kafka://broker:9092}
 * or {@code postgres://db:5432}) and a name within it ({@code payments.settlements.v1}). Both are
 * required, without control characters; names may be any other unicode.
 */
public record DatasetName(String namespace, String name) {

  /** The longest namespace taken. */
  public static final int NAMESPACE = 500;

  /** The longest name taken. */
  public static final int NAME = 1_000;

  public DatasetName {
    namespace = plain(Values.requiredText(namespace, "dataset namespace", NAMESPACE), "namespace");
    name = plain(Values.requiredText(name, "dataset name", NAME), "name");
  }

  public static DatasetName of(String namespace, String name) {
    return new DatasetName(namespace, name);
  }

  private static String plain(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // control and invisible formatting characters (bidirectional overrides, zero-width
      // spaces, line separators) would let one name look like another
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
          || (Character.isHighSurrogate(c)
              && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))))
          || (Character.isLowSurrogate(c)
              && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))))) {
        throw GovernanceException.invalid(
            "the dataset " + what + " holds a control or invisible formatting character");
      }
    }
    return value;
  }

  /** One string that tells datasets apart: namespace and name joined by a newline. */
  public String key() {
    return namespace + "\n" + name;
  }

  @Override
  public String toString() {
    return namespace + " " + name;
  }
}
