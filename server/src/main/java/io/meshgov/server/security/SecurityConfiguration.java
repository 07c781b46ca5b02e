package io.meshgov.server.security;

import io.meshgov.query.graphql.CurrentActor;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every request to the API carries a JWT bearer token; its subject is the actor of every command.
 * In production the tokens come from the organisation's issuer ({@code
 * spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}); in the embedded
 * default, from {@code bin/token}, signed with a key kept under the data folder. Health stays open
 * for probes. Who may do what is decided by the command side, not here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http) throws Exception {
    AuthenticationEntryPoint unauthenticated = SecurityConfiguration::unauthenticated;
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        "/actuator/health/**", "/actuator/health", "/actuator/info", "/graphiql")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(
            resource ->
                resource.jwt(Customizer.withDefaults()).authenticationEntryPoint(unauthenticated))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated));
    return http.build();
  }

  /** The embedded default's verifier: the local public key, this issuer, unexpired tokens. */
  @Bean
  @ConditionalOnExpression(
      "'${spring.security.oauth2.resourceserver.jwt.issuer-uri:}' == ''"
          + " and '${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}' == ''")
  JwtDecoder embeddedJwtDecoder(@Value("${meshgov.data-dir:./data}") Path dataDir) {
    RSAPublicKey key =
        (RSAPublicKey) EmbeddedSigningKey.loadOrCreate(dataDir.resolve("keys")).getPublic();
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key).build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(EmbeddedSigningKey.ISSUER));
    return decoder;
  }

  @Bean
  CurrentActor currentActor() {
    return () ->
        Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
            .filter(Authentication::isAuthenticated)
            .map(Authentication::getName);
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
            : "the bearer token is not valid: it is forged, expired or from another issuer";
    response
        .getWriter()
        .write(
            "{\"errors\":[{\"message\":\""
                + message
                + "\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
  }
}
