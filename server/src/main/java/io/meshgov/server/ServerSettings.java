package io.meshgov.server;

import io.meshgov.plumbing.Settings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** The server's settings: HTTP limits, tokens and the split between the two services. */
public final class ServerSettings {

  private ServerSettings() {}

  /**
   * {@code meshgov.http.*}.
   *
   * @param maxRequestBytes the largest request body (413 beyond)
   */
  @ConfigurationProperties("meshgov.http")
  public record Http(@DefaultValue("1048576") int maxRequestBytes) {

    public Http {
      Settings.atLeast(maxRequestBytes, 1024, "meshgov.http.max-request-bytes");
    }
  }

  /**
   * {@code meshgov.security.*}.
   *
   * @param audience what every token's {@code aud} must name ({@code MESHGOV_JWT_AUDIENCE})
   * @param rolesClaim the claim listing platform roles ({@code MESHGOV_JWT_ROLES_CLAIM})
   */
  @ConfigurationProperties("meshgov.security")
  public record Tokens(
      @DefaultValue("meshgov") String audience, @DefaultValue("roles") String rolesClaim) {

    public Tokens {
      Settings.required(audience, "meshgov.security.audience");
      Settings.required(rolesClaim, "meshgov.security.roles-claim");
    }
  }

  /**
   * {@code meshgov.command-service.*}: the split between query and command service.
   *
   * @param url where the query service reaches the command service ({@code MESHGOV_COMMAND_URL})
   * @param secret the query service's credential towards it ({@code MESHGOV_SERVICE_SECRET}, 32+
   *     characters; checked where it is used)
   * @param timeout how long the query service waits for one answer
   */
  @ConfigurationProperties("meshgov.command-service")
  public record CommandService(
      URI url, @DefaultValue("") String secret, @DefaultValue("PT30S") Duration timeout) {

    public CommandService {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("meshgov.command-service.timeout must be positive");
      }
    }

    /** The command service's address, where this process forwards to it. */
    public URI requireUrl() {
      if (url == null) {
        throw new IllegalArgumentException("meshgov.command-service.url must be set");
      }
      return url;
    }
  }
}
