package io.meshgov.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A GraphQL client over real HTTP, and tokens minted the way the README says: by {@code bin/token}
 * with the key the application created in its data folder.
 */
public final class GraphQlClient {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;
  private final Path dataDir;

  public GraphQlClient(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  public String token(String person) {
    return token(person, "");
  }

  /** A token with platform roles (comma-separated), as {@code bin/token person 8 roles} mints. */
  public String token(String person, String roles) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(Path.of("..", "bin", "token").toString(), person, "8", roles)
              .redirectErrorStream(true);
      builder.environment().put("MESHGOV_DATA_DIR", dataDir.toString());
      Process process = builder.start();
      String out =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("bin/token failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A token signed with the embedded key under the data folder, with exactly the given claims (for
   * tokens bin/token will not mint: expired, short-lived, another audience...).
   */
  public String signed(Map<String, Object> claims) throws Exception {
    java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder().withoutPadding();
    String header =
        url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = url.encodeToString(json.writeValueAsBytes(claims));
    String pem = java.nio.file.Files.readString(dataDir.resolve("keys/jwt-private.pem"));
    byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
    rsa.initSign(
        java.security.KeyFactory.getInstance("RSA")
            .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der)));
    rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
    return header + "." + payload + "." + url.encodeToString(rsa.sign());
  }

  /** A valid token for a person that expires in {@code seconds}. */
  public String shortLivedToken(String person, long seconds) throws Exception {
    long now = java.time.Instant.now().getEpochSecond();
    return signed(
        Map.of(
            "sub",
            person,
            "aud",
            "meshgov",
            "iss",
            "meshgov-embedded",
            "iat",
            now,
            "exp",
            now + seconds));
  }

  public HttpResponse<String> post(String body, String token) throws Exception {
    return post(body, token, Map.of());
  }

  public HttpResponse<String> post(String body, String token, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/graphql"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/graphql-response+json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String query, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/graphql?query="
                        + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8)))
            .header("Accept", "application/graphql-response+json")
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode query(String token, String query, Map<String, Object> variables)
      throws Exception {
    return json.readTree(
        post(json.writeValueAsString(Map.of("query", query, "variables", variables)), token)
            .body());
  }

  /**
   * Registers domains over GraphQL with a platform admin's token, owned by {@link
   * TestDomains#PEOPLE}; a domain that exists already stays as it is.
   */
  public void domains(String... domainIds) throws Exception {
    String admin = token("root", "admin");
    for (String domain : domainIds) {
      JsonNode answer =
          query(
              admin,
              "mutation($input: RegisterDomainInput!) { registerDomain(input: $input) { id } }",
              Map.of(
                  "input",
                  Map.of("domainId", domain, "name", domain, "owners", TestDomains.PEOPLE)));
      String rejection = answer.at("/errors/0/extensions/rejection").asText("");
      if (answer.has("errors") && !rejection.equals("DOMAIN_ALREADY_REGISTERED")) {
        throw new IllegalStateException("cannot register domain " + domain + ": " + answer);
      }
    }
  }
}
