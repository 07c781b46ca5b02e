package io.meshgov.query.graphql;

import io.meshgov.api.GovernanceMetaData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import reactor.core.publisher.Mono;

/**
 * One correlation id per request, shared by every command it sends and answered in the {@code
 * X-Correlation-Id} response header. A client ties its requests to a user action of its own with an
 * {@code X-Correlation-Id} header or a {@code correlationId} request extension (a short token, at
 * most {@link #MAX_CLIENT} characters); that id is scoped to the person who sends it ({@code u<10
 * hex of the person's hash>:<id>}), so nobody can add events to another person's story by reusing
 * its id. Without one, or with one that is not a short token, the request gets a new id.
 */
final class RequestCorrelation implements WebGraphQlInterceptor {

  static final String HEADER = "X-Correlation-Id";
  static final String EXTENSION = "correlationId";
  static final int MAX_CLIENT = 80;

  private final CurrentActor actor;

  RequestCorrelation(CurrentActor actor) {
    this.actor = actor;
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    String asked = request.getHeaders().getFirst(HEADER);
    if (asked == null && request.getExtensions().get(EXTENSION) instanceof String extension) {
      asked = extension;
    }
    String correlation =
        asked != null
                && asked.length() <= MAX_CLIENT
                && GovernanceMetaData.ID_TOKEN.matcher(asked).matches()
                && actor.name().isPresent()
            ? scoped(actor.name().get(), asked)
            : UUID.randomUUID().toString();
    request.configureExecutionInput(
        (input, builder) ->
            builder.graphQLContext(Map.of(CommandMutations.CORRELATION, correlation)).build());
    return chain
        .next(request)
        .doOnNext(response -> response.getResponseHeaders().set(HEADER, correlation));
  }

  /** A client's id within the person's own space of ids. */
  static String scoped(String person, String clientId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(person.getBytes(StandardCharsets.UTF_8));
      return "u" + HexFormat.of().formatHex(hash).substring(0, 10) + ":" + clientId;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
