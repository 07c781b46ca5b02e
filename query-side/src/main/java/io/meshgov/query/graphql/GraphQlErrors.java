package io.meshgov.query.graphql;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.meshgov.api.GovernanceException;
import io.meshgov.query.error.QueryError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;

/**
 * Turns refusals into GraphQL errors a person and a program understand: {@code extensions.code} is
 * the stable class (NOT_FOUND, INVALID_INPUT, FORBIDDEN, BREAKING_CHANGE, ...), {@code
 * extensions.rejection} the rule that refused a command, plus its details. Anything else keeps
 * Spring GraphQL's INTERNAL_ERROR without a stack trace.
 */
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

  @Override
  protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
    if (ex instanceof GovernanceException rejection) {
      Map<String, Object> extensions = new LinkedHashMap<>();
      extensions.put("code", rejection.category().name());
      extensions.put("rejection", rejection.code().name());
      rejection.details().forEach(extensions::put);
      return error(env, rejection.getMessage(), extensions);
    }
    if (ex instanceof QueryError error) {
      return error(env, error.getMessage(), Map.of("code", error.category().name()));
    }
    return null;
  }

  private static GraphQLError error(
      DataFetchingEnvironment env, String message, Map<String, Object> extensions) {
    return GraphqlErrorBuilder.newError(env)
        .message(message)
        .errorType(ErrorClassification.errorClassification((String) extensions.get("code")))
        .extensions(extensions)
        .build();
  }
}
