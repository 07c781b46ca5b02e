package io.meshgov.api;

/**
 * Every rule the command side enforces, by a stable name. The names are part of the public
 * contract: clients match on them, so they are never renamed.
 */
public enum RejectionCode {
  INVALID_INPUT(ErrorCategory.INVALID_INPUT),
  ACTOR_MISSING(ErrorCategory.UNAUTHENTICATED),

  DOMAIN_ALREADY_REGISTERED(ErrorCategory.CONFLICT),
  DOMAIN_NOT_FOUND(ErrorCategory.NOT_FOUND),
  /** Teams of a domain are registered by its owners (or a platform admin). */
  NOT_DOMAIN_OWNER(ErrorCategory.FORBIDDEN),
  /** A product's id starts with its owning team's domain ({@code payments.settlements}). */
  PRODUCT_OUTSIDE_DOMAIN(ErrorCategory.INVALID_INPUT),

  TEAM_ALREADY_REGISTERED(ErrorCategory.CONFLICT),
  TEAM_NOT_FOUND(ErrorCategory.NOT_FOUND),
  NOT_A_TEAM_MEMBER(ErrorCategory.FORBIDDEN),
  ALREADY_A_MEMBER(ErrorCategory.CONFLICT),
  MEMBER_NOT_FOUND(ErrorCategory.NOT_FOUND),
  LAST_MEMBER(ErrorCategory.CONFLICT),
  /** Only a lead of the team (or a platform admin) changes who is in it and in which role. */
  NOT_TEAM_LEAD(ErrorCategory.FORBIDDEN),
  /** A team keeps at least one lead: the last one can neither leave nor step down. */
  LAST_LEAD(ErrorCategory.CONFLICT),

  PRODUCT_ALREADY_REGISTERED(ErrorCategory.CONFLICT),
  PRODUCT_NOT_FOUND(ErrorCategory.NOT_FOUND),
  PRODUCT_RETIRED(ErrorCategory.CONFLICT),
  NOT_OWNER_OR_STEWARD(ErrorCategory.FORBIDDEN),
  ALREADY_DEPRECATED(ErrorCategory.CONFLICT),
  SUNSET_NOT_REACHED(ErrorCategory.CONFLICT),

  TRANSFER_ALREADY_OPEN(ErrorCategory.CONFLICT),
  /** A transfer id names one request of a product for good: it cannot name a second one. */
  TRANSFER_ID_TAKEN(ErrorCategory.CONFLICT),
  TRANSFER_TO_CURRENT_OWNER(ErrorCategory.INVALID_INPUT),
  NO_OPEN_TRANSFER(ErrorCategory.NOT_FOUND),
  NOT_RECEIVING_TEAM_MEMBER(ErrorCategory.FORBIDDEN),
  /** Four-eyes between teams: the acceptor joined the receiving team only after the request. */
  JOINED_AFTER_REQUEST(ErrorCategory.FORBIDDEN),
  /** Four-eyes between teams: the acceptor belongs to the giving team too. */
  ACCEPTOR_IN_GIVING_TEAM(ErrorCategory.FORBIDDEN),
  SELF_APPROVAL(ErrorCategory.FORBIDDEN),
  /** Four-eyes: the person who asked for something may withdraw it (cancel), never reject it. */
  SELF_REJECTION(ErrorCategory.FORBIDDEN),
  TRANSFER_EXPIRED(ErrorCategory.CONFLICT),
  /** Only a platform admin (or the system itself) may do this. */
  ADMIN_ONLY(ErrorCategory.FORBIDDEN),
  TRANSFER_NOT_EXPIRED(ErrorCategory.CONFLICT),

  INVALID_SCHEMA(ErrorCategory.INVALID_INPUT),
  INCOMPATIBLE_SCHEMA(ErrorCategory.BREAKING_CHANGE),
  SCHEMA_UNCHANGED(ErrorCategory.CONFLICT),

  /**
   * A weaker service-level agreement while approved subscriptions accepted a stronger one: allowed
   * only with a reason and a date that respects the notice the accepted agreement promised.
   */
  SLA_WEAKENED(ErrorCategory.BREAKING_CHANGE),
  /** A weaker agreement would apply before the notice period the accepted one promised is over. */
  SLA_NOTICE_TOO_SHORT(ErrorCategory.BREAKING_CHANGE),
  SLA_UNCHANGED(ErrorCategory.CONFLICT),
  /** The subscriber accepted an agreement version that is not the product's latest. */
  SLA_VERSION_MISMATCH(ErrorCategory.CONFLICT),

  UPSTREAM_NOT_FOUND(ErrorCategory.NOT_FOUND),
  /** A dataset belongs to one product at a time: unbind it from the other first. */
  DATASET_BOUND_ELSEWHERE(ErrorCategory.CONFLICT),
  /** The dataset is not part of this product. */
  DATASET_NOT_BOUND(ErrorCategory.NOT_FOUND),
  /** A product names at most {@link Limits#DATASETS} datasets. */
  TOO_MANY_DATASETS(ErrorCategory.INVALID_INPUT),
  UPSTREAM_RETIRED(ErrorCategory.CONFLICT),
  UPSTREAM_NOT_DECLARED(ErrorCategory.NOT_FOUND),
  LINEAGE_CYCLE(ErrorCategory.LINEAGE_CYCLE),
  UNKNOWN_FIELD(ErrorCategory.INVALID_INPUT),

  SUBSCRIPTION_ALREADY_REQUESTED(ErrorCategory.CONFLICT),
  SUBSCRIPTION_NOT_FOUND(ErrorCategory.NOT_FOUND),
  SUBSCRIPTION_NOT_PENDING(ErrorCategory.CONFLICT),
  SUBSCRIPTION_NOT_APPROVED(ErrorCategory.CONFLICT),
  SUBSCRIPTION_ENDED(ErrorCategory.CONFLICT),

  EXPORT_ALREADY_RECORDED(ErrorCategory.CONFLICT),
  OBSERVATION_ALREADY_RECORDED(ErrorCategory.CONFLICT),
  OBSERVATION_NOT_FOUND(ErrorCategory.NOT_FOUND),
  /** A run reports at most {@code LineageCommand.RUN_EVENTS} events. */
  RUN_TOO_LONG(ErrorCategory.INVALID_INPUT),
  /** A run keeps the job it started with. */
  RUN_OF_ANOTHER_JOB(ErrorCategory.CONFLICT),
  /** Only who reported a run first adds to it. */
  RUN_OF_ANOTHER_REPORTER(ErrorCategory.FORBIDDEN),
  EXPORT_NOT_FOUND(ErrorCategory.NOT_FOUND),
  /** Only an auditor or a platform admin reads the store out. */
  NOT_AN_AUDITOR(ErrorCategory.FORBIDDEN),

  CONCURRENT_MODIFICATION(ErrorCategory.CONFLICT);

  private final ErrorCategory category;

  RejectionCode(ErrorCategory category) {
    this.category = category;
  }

  public ErrorCategory category() {
    return category;
  }
}
