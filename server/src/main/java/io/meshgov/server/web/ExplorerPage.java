package io.meshgov.server.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The explorer at {@code /}: one static page (HTML, CSS and a script under {@code /explorer/}) that
 * speaks only the public GraphQL API with the token the person pastes. Deep links ({@code
 * /products/<id>}, {@code /teams/<id>}) serve the same page, which reads its path. Served wherever
 * the query side is: the embedded default and the query service of the split.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(
    name = "meshgov.query-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
class ExplorerPage implements WebMvcConfigurer {

  static final String PAGE = "forward:/explorer/index.html";

  /** Paths that show the page; none of them answers data without a token. */
  static final String[] PATHS = {"/", "/products/*", "/teams/*"};

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    for (String path : PATHS) {
      registry.addViewController(path).setViewName(PAGE);
    }
  }
}
