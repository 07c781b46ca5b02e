package io.meshgov.api;

/**
 * The stable, client-facing class of an error. GraphQL carries it as {@code extensions.code}; the
 * finer {@link RejectionCode} says which rule was broken.
 */
public enum ErrorCategory {
  NOT_FOUND,
  INVALID_INPUT,
  CONFLICT,
  FORBIDDEN,
  UNAUTHENTICATED,
  BREAKING_CHANGE,
  LINEAGE_CYCLE
}
