package io.meshgov.server.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.meshgov.api.ErrorCategory;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * GET on /graphql, as the GraphQL over HTTP specification allows: queries only, with {@code query},
 * {@code variables} (JSON) and {@code operationName} as URL parameters. A mutation over GET is
 * refused with 405 and {@code Allow: POST}, because GET must not change anything.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
    name = "meshgov.query-side.enabled",
    havingValue = "true",
    matchIfMissing = true)
class GraphQlGetEndpoint {

  private static final MediaType GRAPHQL_RESPONSE =
      MediaType.parseMediaType("application/graphql-response+json");

  /** Ahead of Spring GraphQL's own route, which answers GET with 405. */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  RouterFunction<ServerResponse> graphQlGet(WebGraphQlHandler handler, ObjectMapper json) {
    return RouterFunctions.route(
        RequestPredicates.GET("/graphql"), request -> handle(request, handler, json));
  }

  private static ServerResponse handle(
      ServerRequest request, WebGraphQlHandler handler, ObjectMapper json) throws Exception {
    String query = request.param("query").orElse(null);
    if (query == null || query.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "a GET request names its query in the query parameter");
    }
    String operationName = request.param("operationName").orElse(null);
    if (changesSomething(query, operationName)) {
      return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED)
          .allow(HttpMethod.POST)
          .contentType(GRAPHQL_RESPONSE)
          .body(errorBody("mutations are sent with POST", ErrorCategory.INVALID_INPUT));
    }
    Map<String, Object> variables = Map.of();
    if (request.param("variables").isPresent()) {
      try {
        variables =
            json.readValue(
                request.param("variables").get(), new TypeReference<Map<String, Object>>() {});
      } catch (Exception e) {
        return error(HttpStatus.BAD_REQUEST, "variables must be a JSON object");
      }
    }
    Map<String, Object> body = new HashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    if (operationName != null) {
      body.put("operationName", operationName);
    }
    WebGraphQlRequest graphQlRequest =
        new WebGraphQlRequest(
            request.uri(),
            request.headers().asHttpHeaders(),
            null,
            request.remoteAddress().orElse(null),
            Map.of(),
            body,
            UUID.randomUUID().toString(),
            null);
    WebGraphQlResponse response = handler.handleRequest(graphQlRequest).block();
    // a request the schema refuses produces no data at all: a request error, as for POST
    HttpStatus status =
        response.toMap().get("data") == null && !response.getErrors().isEmpty()
            ? HttpStatus.BAD_REQUEST
            : HttpStatus.OK;
    return ServerResponse.status(status).contentType(GRAPHQL_RESPONSE).body(response.toMap());
  }

  private static boolean changesSomething(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return false; // the handler answers with the syntax error
    }
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .filter(op -> operationName == null || operationName.equals(op.getName()))
        .anyMatch(op -> op.getOperation() != OperationDefinition.Operation.QUERY);
  }

  private static ServerResponse error(HttpStatus status, String message) {
    return ServerResponse.status(status)
        .contentType(GRAPHQL_RESPONSE)
        .body(errorBody(message, ErrorCategory.INVALID_INPUT));
  }

  private static Map<String, Object> errorBody(String message, ErrorCategory code) {
    return Map.of(
        "errors",
        java.util.List.of(Map.of("message", message, "extensions", Map.of("code", code.name()))));
  }
}
