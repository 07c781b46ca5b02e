package io.meshgov.server.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /graphiql}: the GraphiQL page served by this application with pinned scripts (the WebJars
 * of graphiql, react and react-dom), never from a public CDN: it is where people paste their
 * tokens, and it works on a machine without internet.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(
    name = "meshgov.query-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
class GraphiQlPage implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/graphiql").setViewName("forward:/graphiql/index.html");
  }
}
