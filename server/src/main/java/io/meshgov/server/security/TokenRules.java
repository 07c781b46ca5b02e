package io.meshgov.server.security;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.GovernanceMetaData;
import io.meshgov.api.PersonId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What a token must carry to be accepted, whoever issued it: a signature and issuer (checked by the
 * decoder), this service's audience, an expiry, and a subject that is a person id and not a name
 * the system itself acts under. Platform roles come from one claim (default {@code roles}).
 */
public final class TokenRules {

  private TokenRules() {}

  /** The validators: defaults (time window, issuer if given), audience, exp, sub. */
  static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
    List<OAuth2TokenValidator<Jwt>> rules = new ArrayList<>();
    rules.add(
        issuer == null || issuer.isBlank()
            ? JwtValidators.createDefault()
            : JwtValidators.createDefaultWithIssuer(issuer));
    rules.add(
        jwt ->
            jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : failure("the token is not meant for this service (audience " + audience + ")"));
    rules.add(
        jwt ->
            jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : failure("the token never expires: it needs exp"));
    rules.add(TokenRules::subject);
    return new DelegatingOAuth2TokenValidator<>(rules);
  }

  private static OAuth2TokenValidatorResult subject(Jwt jwt) {
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      return failure("the token names no subject: who is asking?");
    }
    if (GovernanceMetaData.isReserved(subject)) {
      return failure("the subject is a name the system itself acts under");
    }
    try {
      PersonId.of(subject);
    } catch (GovernanceException e) {
      return failure("the subject is not a person id");
    }
    return OAuth2TokenValidatorResult.success();
  }

  /** The platform roles an authenticated caller holds ({@code admin}, ...), without the prefix. */
  public static Set<String> platformRoles(Authentication caller) {
    return caller.getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .filter(a -> a.startsWith("ROLE_"))
        .map(a -> a.substring("ROLE_".length()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The platform roles of a token ({@code ROLE_admin}, ...), from a list or a spaced string. */
  static Collection<GrantedAuthority> roles(Jwt jwt, String claim) {
    Object value = jwt.getClaims().get(claim);
    List<String> names = new ArrayList<>();
    if (value instanceof Collection<?> list) {
      list.forEach(v -> names.add(String.valueOf(v)));
    } else if (value instanceof String text) {
      names.addAll(List.of(text.trim().split("\\s+")));
    }
    return names.stream()
        .filter(n -> n.matches("[a-z][a-z0-9-]{0,31}"))
        .map(n -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + n))
        .toList();
  }

  private static OAuth2TokenValidatorResult failure(String why) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
  }
}
