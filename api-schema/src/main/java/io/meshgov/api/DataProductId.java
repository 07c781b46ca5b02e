package io.meshgov.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A data product, named {@code <domain>.<name>}, for example {@code payments.settlements}. */
public record DataProductId(@JsonValue String value) {

  private static final Pattern FORMAT =
      Pattern.compile("[a-z][a-z0-9-]{0,39}\\.[a-z][a-z0-9_-]{0,79}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public DataProductId {
    Values.matching(value, FORMAT, "data product id");
  }

  public static DataProductId of(String value) {
    return new DataProductId(value);
  }

  /** The domain part of the id: {@code payments} for {@code payments.settlements}. */
  public DomainName domain() {
    return new DomainName(value.substring(0, value.indexOf('.')));
  }

  @Override
  public String toString() {
    return value;
  }
}
