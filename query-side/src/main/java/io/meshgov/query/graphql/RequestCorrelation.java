package io.meshgov.query.graphql;

import io.meshgov.api.GovernanceMetaData;
import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Lets a client tie its mutations to a user action of its own: a valid {@code X-Correlation-Id}
 * header (a short token) becomes the correlation id of every command the request sends. Without
 * one, or with one that is not a short token, the request's mutations share a correlation id made
 * for it. The value is the client's assertion, recorded as such: it groups events, it proves
 * nothing (each event still names its own actor).
 */
final class RequestCorrelation implements WebGraphQlInterceptor {

  static final String HEADER = "X-Correlation-Id";

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String correlation = request.getHeaders().getFirst(HEADER);
    if (correlation != null && GovernanceMetaData.ID_TOKEN.matcher(correlation).matches()) {
      request.configureExecutionInput(
          (input, builder) ->
              builder.graphQLContext(Map.of(CommandMutations.CORRELATION, correlation)).build());
    }
    return chain.next(request);
  }
}
