package io.meshgov.api.command;

import io.meshgov.api.RejectionCode;

/** The aggregates of the contract, with the refusals that name them. */
public enum AggregateKind {
  DATA_PRODUCT(RejectionCode.PRODUCT_ALREADY_REGISTERED, RejectionCode.PRODUCT_NOT_FOUND),
  TEAM(RejectionCode.TEAM_ALREADY_REGISTERED, RejectionCode.TEAM_NOT_FOUND),
  SUBSCRIPTION(RejectionCode.SUBSCRIPTION_ALREADY_REQUESTED, RejectionCode.SUBSCRIPTION_NOT_FOUND),
  DOMAIN(RejectionCode.DOMAIN_ALREADY_REGISTERED, RejectionCode.DOMAIN_NOT_FOUND),
  EXPORT(RejectionCode.EXPORT_ALREADY_RECORDED, RejectionCode.EXPORT_NOT_FOUND),
  LINEAGE(RejectionCode.OBSERVATION_ALREADY_RECORDED, RejectionCode.OBSERVATION_NOT_FOUND);

  private final RejectionCode alreadyExists;
  private final RejectionCode notFound;

  AggregateKind(RejectionCode alreadyExists, RejectionCode notFound) {
    this.alreadyExists = alreadyExists;
    this.notFound = notFound;
  }

  /** The refusal when a command would create an aggregate of this kind whose id is taken. */
  public RejectionCode alreadyExists() {
    return alreadyExists;
  }

  /** The refusal when the addressed aggregate of this kind does not exist. */
  public RejectionCode notFound() {
    return notFound;
  }
}
