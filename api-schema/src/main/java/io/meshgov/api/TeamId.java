package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A team, for example {@code payments-core}. No dots, so it never collides with a product id. */
public record TeamId(@JsonValue String value) {

  private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{1,62}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TeamId {
    Values.matching(value, FORMAT, "team id");
  }

  public static TeamId of(String value) {
    return new TeamId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
