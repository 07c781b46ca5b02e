package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import io.meshgov.api.RejectionCode;
import java.util.Arrays;

/**
 * The platform roles a command's metadata carries ({@link GovernanceMetaData#ROLES}, put there from
 * the person's token by the gateway, never from a request body).
 */
public final class PlatformRoles {

  private PlatformRoles() {}

  /** Whether the comma-separated roles name the platform admin. */
  public static boolean isAdmin(String roles) {
    return roles != null
        && Arrays.stream(roles.split(",")).anyMatch(GovernanceMetaData.ADMIN_ROLE::equals);
  }

  /** Refuses anyone but a platform admin, with {@code ADMIN_ONLY}. */
  public static void requireAdmin(PersonId person, String roles, String what) {
    if (!isAdmin(roles)) {
      throw new GovernanceException(
          RejectionCode.ADMIN_ONLY, person + " is not a platform admin and may not " + what);
    }
  }
}
