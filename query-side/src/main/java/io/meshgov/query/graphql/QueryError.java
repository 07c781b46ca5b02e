package io.meshgov.query.graphql;

/**
 * A query that cannot be answered, with the stable code clients see as {@code extensions.code}:
 * NOT_FOUND, INVALID_INPUT or UNAVAILABLE.
 */
public class QueryError extends RuntimeException {

  private final String code;

  public QueryError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }

  public static QueryError notFound(String message) {
    return new QueryError("NOT_FOUND", message);
  }

  public static QueryError invalid(String message) {
    return new QueryError("INVALID_INPUT", message);
  }
}
