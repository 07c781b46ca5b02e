package io.meshgov.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command or a value was refused. Carries the rule that refused it and, where it helps the
 * caller, details such as the violations of a breaking schema change and the subscriptions it would
 * break.
 */
public class GovernanceException extends RuntimeException {

  private final RejectionCode code;
  private final Map<String, List<String>> details;

  public GovernanceException(RejectionCode code, String message) {
    this(code, message, Map.of());
  }

  public GovernanceException(
      RejectionCode code, String message, Map<String, List<String>> details) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.details = Map.copyOf(details);
  }

  public RejectionCode code() {
    return code;
  }

  public ErrorCategory category() {
    return code.category();
  }

  /** Detail lists by name (for example {@code violations}, {@code affectedSubscriptions}). */
  public Map<String, List<String>> details() {
    return details;
  }

  public static GovernanceException invalid(String message) {
    return new GovernanceException(RejectionCode.INVALID_INPUT, message);
  }
}
