package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A business area of the mesh, for example {@code payments}. */
public record DomainName(@JsonValue String value) {

  private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public DomainName {
    Values.matching(value, FORMAT, "domain name");
  }

  public static DomainName of(String value) {
    return new DomainName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
