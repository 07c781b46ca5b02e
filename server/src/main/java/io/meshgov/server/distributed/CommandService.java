package io.meshgov.server.distributed;

import io.meshgov.query.error.QueryError;
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
  private final ServiceCredential credential;
  private final Supplier<String> bearerToken;
  private final Duration timeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  CommandService(
      URI address, ServiceCredential credential, Supplier<String> bearerToken, Duration timeout) {
    this.address = address;
    this.credential = credential;
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
              .header(ServiceCredential.HEADER, credential.value())
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  /**
   * Opens a {@code GET} of a path of the command service as the current caller, for a body to be
   * streamed on: the wait for the answer's head is bounded by the timeout, the body is read as it
   * comes.
   */
  HttpResponse<java.io.InputStream> stream(String pathAndQuery) {
    try {
      return http.send(
          HttpRequest.newBuilder()
              .uri(address.resolve(pathAndQuery))
              .timeout(timeout)
              .header("Authorization", "Bearer " + bearerToken.get())
              .header(ServiceCredential.HEADER, credential.value())
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unavailable(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  QueryError unavailable(String why) {
    // the reason goes to the log, not to the caller: addresses and errors are internal
    org.slf4j.LoggerFactory.getLogger(CommandService.class)
        .warn("the command service at {} cannot answer: {}", address, why);
    return QueryError.unavailable("the command service cannot answer now; try again shortly");
  }
}
