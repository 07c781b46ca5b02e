package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;
import java.util.regex.Pattern;

/** One ownership transfer request: {@code trf_} followed by letters, digits or dashes. */
public record TransferId(@JsonValue String value) {

  private static final Pattern FORMAT = Pattern.compile("trf_[A-Za-z0-9-]{1,64}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TransferId {
    Values.matching(value, FORMAT, "transfer id");
  }

  public static TransferId of(String value) {
    return new TransferId(value);
  }

  public static TransferId random() {
    return new TransferId("trf_" + UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value;
  }
}
