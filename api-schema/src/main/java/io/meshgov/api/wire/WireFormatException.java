package io.meshgov.api.wire;

/** A message that is not a governance event this version can read, with the reason why. */
public class WireFormatException extends RuntimeException {

  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
