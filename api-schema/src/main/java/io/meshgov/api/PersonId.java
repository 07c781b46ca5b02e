package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A person: a lower-case handle or e-mail address, for example {@code alice@example.com}. The
 * subject of the caller's token.
 */
public record PersonId(@JsonValue String value) {

  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._@+-]{0,127}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public PersonId {
    Values.matching(value, FORMAT, "person id");
  }

  public static PersonId of(String value) {
    return new PersonId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
