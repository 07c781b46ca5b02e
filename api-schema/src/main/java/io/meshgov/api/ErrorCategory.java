package io.meshgov.api;

/**
 * Every stable, client-facing class of an error, in one place. GraphQL carries it as {@code
 * extensions.code}; for a refusal of the command side, the finer {@link RejectionCode} says which
 * rule was broken.
 */
public enum ErrorCategory {
  NOT_FOUND,
  INVALID_INPUT,
  CONFLICT,
  FORBIDDEN,
  UNAUTHENTICATED,
  BREAKING_CHANGE,
  LINEAGE_CYCLE,
  /** Something the answer depends on cannot answer now (graph behind, a service down): retry. */
  UNAVAILABLE,
  /** The query asks for more than the configured depth or cost allows. */
  QUERY_TOO_COMPLEX,
  /** A failure of the service itself; the message says nothing of its insides. */
  INTERNAL
}
