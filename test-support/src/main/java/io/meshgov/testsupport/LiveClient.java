package io.meshgov.testsupport;

import java.net.URI;
import java.util.Map;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A person's WebSocket connection to {@code /graphql-ws} (graphql-transport-ws), signed in with a
 * token in {@code connection_init}, through Spring's own GraphQL client.
 */
public final class LiveClient implements AutoCloseable {

  private final WebSocketGraphQlClient client;

  public LiveClient(int port, String token) {
    var builder =
        WebSocketGraphQlClient.builder(
            URI.create("ws://127.0.0.1:" + port + "/graphql-ws"), new StandardWebSocketClient());
    if (token != null) {
      builder.interceptor(
          new WebSocketGraphQlClientInterceptor() {
            @Override
            public Mono<Object> connectionInitPayload() {
              return Mono.just(Map.of("Authorization", "Bearer " + token));
            }
          });
    }
    this.client = builder.build();
  }

  /** The data of each event the subscription at {@code path} streams. */
  @SuppressWarnings("unchecked")
  public Flux<Map<String, Object>> subscribe(
      String document, Map<String, Object> variables, String path) {
    return client
        .document(document)
        .variables(variables)
        .retrieveSubscription(path)
        .toEntity(Map.class)
        .map(m -> (Map<String, Object>) m);
  }

  /** The raw answers of a document sent over the connection (a query, to see it refused). */
  public Flux<org.springframework.graphql.client.ClientGraphQlResponse> execute(String document) {
    return client.document(document).executeSubscription();
  }

  @Override
  public void close() {
    client.stop().block(java.time.Duration.ofSeconds(5));
  }
}
