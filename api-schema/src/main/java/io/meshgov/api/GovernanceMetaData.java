package io.meshgov.api;

/**
 * Keys of the metadata every command and event carries. The actor is the subject of the caller's
 * token; the correlation id is shared by everything one request caused; the causation id names the
 * message that directly caused this one.
 */
public final class GovernanceMetaData {

  public static final String ACTOR = "actor";
  public static final String REASON = "reason";
  public static final String CORRELATION_ID = "correlationId";
  public static final String CAUSATION_ID = "causationId";

  /** What a correlation id or a command id may be: a short token, no free text. */
  public static final java.util.regex.Pattern ID_TOKEN =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1," + Limits.CORRELATION_ID + "}");

  /**
   * The platform roles of the person asking, comma-separated (from their token, never from a
   * request body); on commands only, not copied to events.
   */
  public static final String ROLES = "roles";

  /** The platform role that may do what no team role allows (register domains, expire by hand). */
  public static final String ADMIN_ROLE = "admin";

  /** The actor recorded on events the system causes by itself, such as an expiry. */
  public static final String SYSTEM_ACTOR = "system";

  /**
   * Whether a name is one the system acts under ({@code system}, and anything starting {@code
   * system.} or {@code meshgov}): no person may sign in or act as it, so the audit trail never
   * confuses a person with the system.
   */
  public static boolean isReserved(String actor) {
    return actor != null
        && (actor.equals(SYSTEM_ACTOR)
            || actor.startsWith(SYSTEM_ACTOR + ".")
            || actor.startsWith("meshgov"));
  }

  private GovernanceMetaData() {}
}
