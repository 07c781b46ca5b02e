package io.meshgov.query.graphql;

import io.meshgov.api.ErrorCategory;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.query.audit.HistoryAudit;
import io.meshgov.query.error.QueryError;
import java.util.Set;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/**
 * The auditor's evidence that the history was not changed: {@code verifyHistory} and {@code
 * createCheckpoint}, for the platform roles {@code auditor} and {@code admin} only.
 */
@Controller
class HistoryAuditController {

  /** The platform role of auditors (from the token's roles claim). */
  static final String AUDITOR_ROLE = "auditor";

  private final HistoryAudit audit;
  private final CurrentActor actor;

  HistoryAuditController(HistoryAudit audit, CurrentActor actor) {
    this.audit = audit;
    this.actor = actor;
  }

  @QueryMapping
  HistoryAudit.Verification verifyHistory() {
    requireAuditor("verify the history");
    return audit.verify();
  }

  @MutationMapping
  HistoryAudit.SignedCheckpoint createCheckpoint() {
    requireAuditor("sign a checkpoint");
    return audit.checkpoint().orElse(null);
  }

  private void requireAuditor(String what) {
    Set<String> roles = actor.roles();
    if (actor.name().isEmpty()) {
      throw new QueryError(ErrorCategory.UNAUTHENTICATED, "sign in first");
    }
    if (!roles.contains(AUDITOR_ROLE) && !roles.contains(GovernanceMetaData.ADMIN_ROLE)) {
      throw new QueryError(
          ErrorCategory.FORBIDDEN, "only an auditor or a platform admin may " + what);
    }
  }
}
