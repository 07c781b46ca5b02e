package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.UUID;
import java.util.regex.Pattern;

/** A subscription: {@code sub_} followed by letters, digits or dashes (usually a UUID). */
public record SubscriptionId(@JsonValue String value) {

  private static final Pattern FORMAT = Pattern.compile("sub_[A-Za-z0-9-]{1,64}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public SubscriptionId {
    Values.matching(value, FORMAT, "subscription id");
  }

  public static SubscriptionId of(String value) {
    return new SubscriptionId(value);
  }

  public static SubscriptionId random() {
    return new SubscriptionId("sub_" + UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value;
  }
}
