package io.meshgov.query.graphql;

import java.util.Map;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * Lets a client tie its mutations to a user action of its own: the {@code X-Correlation-Id} header
 * becomes the correlation id of every command the request sends (checked on the command side: a
 * short token, else the mutation is refused as invalid input). Without the header, the request's
 * mutations share a correlation id made for it.
 */
final class RequestCorrelation implements WebGraphQlInterceptor {

  static final String HEADER = "X-Correlation-Id";

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String correlation = request.getHeaders().getFirst(HEADER);
    if (correlation != null) {
      request.configureExecutionInput(
          (input, builder) ->
              builder.graphQLContext(Map.of(CommandMutations.CORRELATION, correlation)).build());
    }
    return chain.next(request);
  }
}
