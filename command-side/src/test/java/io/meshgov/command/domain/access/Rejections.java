package io.meshgov.command.domain.access;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.RejectionCode;
import java.util.Map;
import java.util.function.Consumer;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Helpers for aggregate tests: the actor's metadata and a matcher for a named rejection. */
public final class Rejections {

  private Rejections() {}

  public static Map<String, Object> as(String actor) {
    return Map.of(GovernanceMetaData.ACTOR, actor);
  }

  /** A person with the platform admin role, as their token would say. */
  public static Map<String, Object> asAdmin(String actor) {
    return Map.of(GovernanceMetaData.ACTOR, actor, GovernanceMetaData.ROLES, "auditor,admin");
  }

  public static Matcher<GovernanceException> rejectedWith(RejectionCode code) {
    return rejectedWith(code, e -> {});
  }

  /** A rejection with the code whose details also pass the given assertions. */
  public static Matcher<GovernanceException> rejectedWith(
      RejectionCode code, Consumer<GovernanceException> assertions) {
    return new TypeSafeMatcher<>() {
      private AssertionError failure;

      @Override
      protected boolean matchesSafely(GovernanceException e) {
        if (e.code() != code) {
          return false;
        }
        try {
          assertions.accept(e);
          return true;
        } catch (AssertionError error) {
          failure = error;
          return false;
        }
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a GovernanceException with code " + code);
      }

      @Override
      protected void describeMismatchSafely(GovernanceException e, Description description) {
        description.appendText("was " + e.code() + ": " + e.getMessage() + " " + e.details());
        if (failure != null) {
          description.appendText(", failing: " + failure.getMessage());
        }
      }
    };
  }
}
