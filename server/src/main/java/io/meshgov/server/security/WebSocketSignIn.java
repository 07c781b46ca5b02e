package io.meshgov.server.security;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import io.meshgov.query.graphql.Subscriber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.core.publisher.Mono;

/**
 * Signs a WebSocket connection in: browsers cannot set headers on a WebSocket, so the token comes
 * in {@code connection_init}'s payload ({@code {"Authorization": "Bearer <token>"}}) and is checked
 * by the same rules as a bearer token on {@code /graphql}. A missing or bad token closes the
 * connection (4401/4403 by graphql-transport-ws); a good one makes its person the {@link
 * Subscriber} of every operation on that connection. Only subscriptions are served over the
 * connection: queries and mutations go to {@code POST /graphql}, where the token travels with each
 * request.
 */
final class WebSocketSignIn implements WebSocketGraphQlInterceptor {

  private static final String ATTRIBUTE = Subscriber.CONTEXT_KEY;

  private final JwtDecoder tokens;
  private final String rolesClaim;
  private final int maxConnections;
  private final int maxPerPerson;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> openByPerson = new ConcurrentHashMap<>();

  /**
   * @param maxConnections signed-in connections at once (each holds a thread of its own)
   * @param maxPerPerson signed-in connections of one person at once
   */
  WebSocketSignIn(JwtDecoder tokens, String rolesClaim, int maxConnections, int maxPerPerson) {
    this.tokens = tokens;
    this.rolesClaim = rolesClaim;
    this.maxConnections = maxConnections;
    this.maxPerPerson = maxPerPerson;
  }

  @Override
  public Mono<Object> handleConnectionInitialization(
      WebSocketSessionInfo session, Map<String, Object> payload) {
    Optional<String> token = bearer(payload);
    if (token.isEmpty()) {
      return Mono.error(new IllegalStateException("no token in connection_init"));
    }
    Jwt jwt;
    try {
      jwt = tokens.decode(token.get());
    } catch (JwtException e) {
      return Mono.error(new IllegalStateException("the token is not valid"));
    }
    String person = jwt.getSubject();
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return Mono.error(new IllegalStateException("too many connections"));
    }
    boolean[] admitted = {false};
    openByPerson.compute(
        person,
        (p, n) -> {
          int now = n == null ? 0 : n;
          admitted[0] = now < maxPerPerson;
          return admitted[0] ? now + 1 : (now == 0 ? null : now);
        });
    if (!admitted[0]) {
      open.decrementAndGet();
      return Mono.error(new IllegalStateException("too many connections for one person"));
    }
    session
        .getAttributes()
        .put(
            ATTRIBUTE,
            new Subscriber(
                person,
                TokenRules.roles(jwt, rolesClaim).stream()
                    .map(GrantedAuthority::getAuthority)
                    .map(a -> a.substring("ROLE_".length()))
                    .collect(Collectors.toUnmodifiableSet()),
                jwt.getExpiresAt()));
    return Mono.empty();
  }

  @Override
  public void handleConnectionClosed(
      WebSocketSessionInfo session, int statusCode, Map<String, Object> payload) {
    if (session.getAttributes().remove(ATTRIBUTE) instanceof Subscriber subscriber) {
      open.decrementAndGet();
      openByPerson.computeIfPresent(subscriber.person(), (p, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static Optional<String> bearer(Map<String, Object> payload) {
    if (payload == null) {
      return Optional.empty();
    }
    Object value = payload.get("Authorization");
    if (value == null) {
      value = payload.get("authorization");
    }
    if (!(value instanceof String text) || text.length() > 16_384) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
      trimmed = trimmed.substring(7).trim();
    }
    return trimmed.isEmpty() ? Optional.empty() : Optional.of(trimmed);
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest socket)) {
      return chain.next(request);
    }
    Object subscriber = socket.getSessionInfo().getAttributes().get(ATTRIBUTE);
    if (!(subscriber instanceof Subscriber)) {
      return Mono.error(new IllegalStateException("not signed in"));
    }
    if (!isSubscription(request)) {
      return Mono.just(
          refused(
              request,
              "over WebSocket only subscriptions: send queries and mutations to POST /graphql"));
    }
    request.configureExecutionInput(
        (input, builder) -> builder.graphQLContext(Map.of(ATTRIBUTE, subscriber)).build());
    return chain.next(request);
  }

  /** Whether the operation the request names (or its only one) is a subscription. */
  static boolean isSubscription(WebGraphQlRequest request) {
    Document document;
    try {
      document = Parser.parse(request.getDocument());
    } catch (RuntimeException e) {
      return false; // not GraphQL: refused like any other non-subscription
    }
    List<OperationDefinition> operations =
        document.getDefinitionsOfType(OperationDefinition.class).stream()
            .filter(
                o ->
                    request.getOperationName() == null
                        || request.getOperationName().equals(o.getName()))
            .toList();
    return operations.size() == 1
        && operations.get(0).getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
  }

  private static WebGraphQlResponse refused(WebGraphQlRequest request, String message) {
    ExecutionResult result =
        ExecutionResult.newExecutionResult()
            .addError(
                GraphqlErrorBuilder.newError()
                    .message(message)
                    .extensions(Map.of("code", "INVALID_INPUT"))
                    .build())
            .build();
    return new WebGraphQlResponse(
        new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
  }
}
