package io.meshgov.command.domain.lookup;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.RejectionCode;
import java.util.Map;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Helpers for aggregate tests: the actor's metadata and a matcher for a named rejection. */
public final class Rejections {

  private Rejections() {}

  public static Map<String, Object> as(String actor) {
    return Map.of(GovernanceMetaData.ACTOR, actor);
  }

  public static Matcher<GovernanceException> rejectedWith(RejectionCode code) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(GovernanceException e) {
        return e.code() == code;
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a GovernanceException with code " + code);
      }

      @Override
      protected void describeMismatchSafely(GovernanceException e, Description description) {
        description.appendText("was " + e.code() + ": " + e.getMessage());
      }
    };
  }
}
