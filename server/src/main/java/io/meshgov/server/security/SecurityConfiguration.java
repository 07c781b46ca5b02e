package io.meshgov.server.security;

import io.meshgov.plumbing.DataSettings;
import io.meshgov.query.graphql.CurrentActor;
import io.meshgov.server.ServerSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every request to the API carries a JWT bearer token; its subject is the actor of every command.
 * In production the tokens come from the organisation's issuer ({@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}); in the embedded
 * default, from {@code bin/token}, signed with a key kept under the data folder. Health's status
 * stays open for probes; its details and the metrics need a platform role (admin, operator) from
 * the token's roles claim. Who may change what is decided by the command side, not here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties({
  ServerSettings.Tokens.class,
  DataSettings.class,
  OAuth2ResourceServerProperties.class
})
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, ServerSettings.Tokens tokenSettings) throws Exception {
    String rolesClaim = tokenSettings.rolesClaim();
    AuthenticationEntryPoint unauthenticated = SecurityConfiguration::unauthenticated;
    JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
    tokens.setJwtGrantedAuthoritiesConverter(jwt -> TokenRules.roles(jwt, rolesClaim));
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    // status only without a token; details need a role (management.endpoint.health)
                    .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
                    .permitAll()
                    .requestMatchers("/graphiql", "/graphiql/**", "/webjars/**")
                    .permitAll()
                    // the explorer's page and its deep links: static, the data needs a token
                    .requestMatchers("/", "/explorer/**", "/products/*", "/teams/*", "/favicon.ico")
                    .permitAll()
                    // the WebSocket's token comes in connection_init (WebSocketSignIn)
                    .requestMatchers("/graphql-ws")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasAnyRole(OPERATOR_ROLES)
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resource ->
                resource
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                    .authenticationEntryPoint(unauthenticated))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated))
        // the explorer's page loads nothing from another host and is framed by nobody
        .headers(
            headers ->
                headers.addHeaderWriter(
                    new org.springframework.security.web.header.writers
                        .DelegatingRequestMatcherHeaderWriter(
                        new org.springframework.security.web.util.matcher.OrRequestMatcher(
                            java.util.stream.Stream.of(
                                    "/", "/products/*", "/teams/*", "/explorer/**")
                                .map(
                                    path ->
                                        (org.springframework.security.web.util.matcher
                                                .RequestMatcher)
                                            org.springframework.security.web.servlet.util.matcher
                                                .PathPatternRequestMatcher.withDefaults()
                                                .matcher(path))
                                .toList()),
                        new org.springframework.security.web.header.writers.StaticHeadersWriter(
                            "Content-Security-Policy", EXPLORER_POLICY))));
    return http.build();
  }

  /** What the explorer's page may load and talk to: its own host only. */
  static final String EXPLORER_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /** Platform roles that may read metrics and health details. */
  static final String[] OPERATOR_ROLES = {"admin", "operator"};

  /**
   * The verifier of every token: the embedded default's local public key and issuer, or the
   * organisation's issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}) or key set
   * ({@code jwk-set-uri}); in each case the audience ({@code meshgov.security.audience}), an expiry
   * and a person as subject are required (see {@link TokenRules}).
   */
  @Bean
  JwtDecoder jwtDecoder(
      OAuth2ResourceServerProperties issuerSettings,
      ServerSettings.Tokens tokenSettings,
      DataSettings data) {
    String issuer = Objects.toString(issuerSettings.getJwt().getIssuerUri(), "");
    String jwkSet = Objects.toString(issuerSettings.getJwt().getJwkSetUri(), "");
    String audience = tokenSettings.audience();
    Path dataDir = data.dataDir();
    if (jwkSet.isBlank() && !issuer.isBlank()) {
      // the issuer is asked for its keys at the first token, not at start-up
      return new org.springframework.security.oauth2.jwt.SupplierJwtDecoder(
          () -> decoder(issuer, jwkSet, audience, dataDir));
    }
    return decoder(issuer, jwkSet, audience, dataDir);
  }

  private static JwtDecoder decoder(String issuer, String jwkSet, String audience, Path dataDir) {
    NimbusJwtDecoder decoder;
    String expectedIssuer = issuer;
    if (!jwkSet.isBlank()) {
      decoder = NimbusJwtDecoder.withJwkSetUri(jwkSet).build();
    } else if (!issuer.isBlank()) {
      decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
    } else {
      RSAPublicKey key =
          (RSAPublicKey) EmbeddedSigningKey.loadOrCreate(dataDir.resolve("keys")).getPublic();
      decoder = NimbusJwtDecoder.withPublicKey(key).build();
      expectedIssuer = EmbeddedSigningKey.ISSUER;
    }
    decoder.setJwtValidator(TokenRules.validator(expectedIssuer, audience));
    return decoder;
  }

  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(
      name = "org.springframework.graphql.server.WebSocketGraphQlInterceptor")
  @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
      name = "spring.graphql.websocket.path")
  WebSocketSignIn webSocketSignIn(
      JwtDecoder tokens,
      ServerSettings.Tokens tokenSettings,
      org.springframework.core.env.Environment environment) {
    // the same bounds as the live streams (meshgov.live.*): a connection without a stream is idle
    return new WebSocketSignIn(
        tokens,
        tokenSettings.rolesClaim(),
        environment.getProperty("meshgov.live.max-subscriptions", Integer.class, 1000),
        environment.getProperty("meshgov.live.max-per-person", Integer.class, 10));
  }

  @Bean
  CurrentActor currentActor() {
    return new CurrentActor() {
      @Override
      public Optional<String> name() {
        return authenticated().map(Authentication::getName);
      }

      @Override
      public Set<String> roles() {
        return authenticated().map(TokenRules::platformRoles).orElse(Set.of());
      }
    };
  }

  private static Optional<Authentication> authenticated() {
    return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
        .filter(Authentication::isAuthenticated);
  }

  /** 401 with a WWW-Authenticate challenge and a GraphQL-shaped error naming the code. */
  private static void unauthenticated(
      jakarta.servlet.http.HttpServletRequest request,
      HttpServletResponse response,
      org.springframework.security.core.AuthenticationException failure)
      throws java.io.IOException {
    new BearerTokenAuthenticationEntryPoint().commence(request, response, failure);
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setContentType("application/graphql-response+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String message =
        request.getHeader("Authorization") == null
            ? "no bearer token: sign in first (embedded default: bin/token <person>)"
            : "the bearer token is not valid: forged, expired, for another audience or issuer,"
                + " or without a person as subject";
    response
        .getWriter()
        .write(
            "{\"errors\":[{\"message\":\""
                + message
                + "\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
  }
}
