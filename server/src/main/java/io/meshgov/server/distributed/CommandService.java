package io.meshgov.server.distributed;

import io.meshgov.query.graphql.QueryError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The command service as the query service reaches it: one HTTP client, the service's address, the
 * caller's bearer token on every request, and {@code UNAVAILABLE} when it cannot be reached.
 */
class CommandService {

  private final URI address;
  private final Supplier<String> bearerToken;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  CommandService(URI address, Supplier<String> bearerToken, Duration timeout) {
    this.address = address;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
  }

  /** Sends a request to a path of the command service, as the current caller. */
  HttpResponse<byte[]> send(String path, HttpRequest.Builder request) {
    try {
      return http.send(
          request
              .uri(address.resolve(path))
              .timeout(timeout)
              .header("Authorization", "Bearer " + bearerToken.get())
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  QueryError unavailable(String why) {
    return new QueryError(
        "UNAVAILABLE", "the command service at " + address + " cannot answer now (" + why + ")");
  }
}
