package io.meshgov.query.graphql;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import io.meshgov.api.ErrorCategory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Gives every error a stable {@code extensions.code}, also those graphql-java raises before any
 * data fetcher runs: a request that does not fit the schema (unknown field, wrong type) is
 * INVALID_INPUT, a query over the depth or cost limit is QUERY_TOO_COMPLEX.
 */
class ErrorCodes implements WebGraphQlInterceptor {

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    return chain
        .next(request)
        .map(
            response ->
                response.getErrors().stream().anyMatch(ErrorCodes::lacksCode)
                    ? response.transform(
                        builder ->
                            builder.errors(
                                response.getErrors().stream()
                                    .map(e -> (GraphQLError) withCode(e))
                                    .toList()))
                    : response);
  }

  private static boolean lacksCode(org.springframework.graphql.ResponseError error) {
    return !error.getExtensions().containsKey("code");
  }

  private static GraphQLError withCode(org.springframework.graphql.ResponseError error) {
    Map<String, Object> extensions = new LinkedHashMap<>(error.getExtensions());
    if (!extensions.containsKey("code")) {
      extensions.put("code", categoryOf(error.getErrorType()).name());
    }
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getParsedPath().isEmpty() ? null : error.getParsedPath())
        .errorType(error.getErrorType())
        .extensions(extensions)
        .build();
  }

  private static ErrorCategory categoryOf(ErrorClassification type) {
    // graphql-java refuses introspection that asks for too much as "bad faith"
    if (type == ErrorType.ExecutionAborted
        || (type != null && type.toString().contains("BadFaithIntrospection"))) {
      return ErrorCategory.QUERY_TOO_COMPLEX;
    }
    if (type == ErrorType.ValidationError || type == ErrorType.InvalidSyntax) {
      return ErrorCategory.INVALID_INPUT;
    }
    if (type instanceof org.springframework.graphql.execution.ErrorType spring) {
      return switch (spring) {
        case BAD_REQUEST -> ErrorCategory.INVALID_INPUT;
        case UNAUTHORIZED -> ErrorCategory.UNAUTHENTICATED;
        case FORBIDDEN -> ErrorCategory.FORBIDDEN;
        case NOT_FOUND -> ErrorCategory.NOT_FOUND;
        case INTERNAL_ERROR -> ErrorCategory.INTERNAL;
      };
    }
    return ErrorCategory.INTERNAL;
  }
}
