package io.meshgov.query.error;

import io.meshgov.api.ErrorCategory;

/**
 * A query that cannot be answered, with its {@link ErrorCategory}: the stable code clients see as
 * {@code extensions.code}.
 */
public class QueryError extends RuntimeException {

  private final ErrorCategory category;

  public QueryError(ErrorCategory category, String message) {
    super(message, null, false, false);
    this.category = category;
  }

  public ErrorCategory category() {
    return category;
  }

  public static QueryError notFound(String message) {
    return new QueryError(ErrorCategory.NOT_FOUND, message);
  }

  public static QueryError invalid(String message) {
    return new QueryError(ErrorCategory.INVALID_INPUT, message);
  }

  /** Something the answer depends on cannot answer now; the client may ask again shortly. */
  public static QueryError unavailable(String message) {
    return new QueryError(ErrorCategory.UNAVAILABLE, message);
  }
}
