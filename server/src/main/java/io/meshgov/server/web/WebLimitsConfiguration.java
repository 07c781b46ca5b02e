package io.meshgov.server.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Limits every HTTP request meets before authentication and handlers see it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class WebLimitsConfiguration {

  /** {@code meshgov.http.max-request-bytes} (default 1 MiB) bounds every request body. */
  @Bean
  FilterRegistrationBean<RequestGuard> requestGuard(
      @Value("${meshgov.http.max-request-bytes:1048576}") int maxBytes) {
    FilterRegistrationBean<RequestGuard> registration =
        new FilterRegistrationBean<>(new RequestGuard(maxBytes));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
