package io.meshgov.server.web;

import io.meshgov.server.ServerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Limits every HTTP request meets before authentication and handlers see it. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ServerSettings.Http.class})
class WebLimitsConfiguration {

  /** {@code meshgov.http.max-request-bytes} (default 1 MiB) bounds every request body. */
  @Bean
  FilterRegistrationBean<RequestGuard> requestGuard(ServerSettings.Http http) {
    FilterRegistrationBean<RequestGuard> registration =
        new FilterRegistrationBean<>(new RequestGuard(http.maxRequestBytes()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
