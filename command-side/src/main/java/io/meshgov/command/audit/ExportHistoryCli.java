package io.meshgov.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.plumbing.PemKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An export from the command line, for a range of any size: streams {@code GET
 * /api/v1/audit/export} of a running meshgov (the embedded default or the split's query service)
 * into a file, with progress, and checks it as it arrives: the events against the manifest's
 * SHA-256 and count and, given the public key, the manifest's signature. The export is recorded in
 * the trail like any other, under the token's person.
 *
 * <pre>
 * MESHGOV_TOKEN=$(bin/token ada auditor) java -Dloader.main=io.meshgov.command.audit.ExportHistoryCli \
 *   -cp server.jar org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --url=http://127.0.0.1:8080 --from=2026-01-01T00:00:00Z --to=2026-04-01T00:00:00Z \
 *   [--domain=payments] [--team=...] [--aggregate-id=...]... [--actor=...] \
 *   --out=export.jsonl [--public-key=data/keys/audit-public.pem]
 * </pre>
 *
 * The token comes from {@code MESHGOV_TOKEN} or {@code --token-file} (never the command line, which
 * others on the machine can read). The file appears under its name only once complete and checked;
 * until then it is {@code <out>.partial}. Prints progress to standard error and a summary as JSON
 * to standard output; exits 0 when the export is complete and checks out, 1 when it does not, 2
 * when it could not be made.
 */
public final class ExportHistoryCli {

  private static final int PROGRESS_EVERY = 10_000;

  private ExportHistoryCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv("MESHGOV_TOKEN"), System.out, System.err));
  }

  /** The command without exiting: the status it would exit with. */
  public static int run(
      String[] args, String tokenFromEnvironment, PrintStream out, PrintStream err) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> aggregateIds = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        String name = arg.substring(2, arg.indexOf('='));
        String value = arg.substring(arg.indexOf('=') + 1);
        if (name.equals("aggregate-id")) {
          aggregateIds.add(value);
        } else {
          options.put(name, value);
        }
      }
    }
    String url = options.get("url");
    String target = options.get("out");
    if (url == null || target == null || options.get("from") == null || options.get("to") == null) {
      err.println(
          "usage: --url=<http://host:port> --from=<instant> --to=<instant> --out=<file>"
              + " [--domain=] [--team=] [--aggregate-id=]... [--actor=]"
              + " [--public-key=<audit-public.pem>] [--token-file=<file>]"
              + " (token: MESHGOV_TOKEN or --token-file)");
      return 2;
    }
    try {
      String token =
          options.containsKey("token-file")
              ? Files.readString(Path.of(options.get("token-file"))).trim()
              : tokenFromEnvironment;
      if (token == null || token.isBlank()) {
        err.println("no token: set MESHGOV_TOKEN or pass --token-file");
        return 2;
      }
      StringBuilder query = new StringBuilder();
      for (String name : List.of("from", "to", "domain", "team", "actor")) {
        if (options.get(name) != null) {
          query.append(query.isEmpty() ? "" : "&").append(name).append('=');
          query.append(URLEncoder.encode(options.get(name), StandardCharsets.UTF_8));
        }
      }
      for (String id : aggregateIds) {
        query.append("&aggregateId=").append(URLEncoder.encode(id, StandardCharsets.UTF_8));
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(url.replaceAll("/+$", "") + "/api/v1/audit/export?" + query))
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(60))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        try (InputStream body = response.body()) {
          err.println(
              "the export was refused ("
                  + response.statusCode()
                  + "): "
                  + new String(body.readNBytes(16 * 1024), StandardCharsets.UTF_8));
        }
        return 2;
      }
      Path file = Path.of(target);
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Received received;
      try (InputStream body = response.body();
          OutputStream copy =
              new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        received = receive(body, copy, err);
      }
      List<String> problems = check(received, options.get("public-key"));
      if (problems.isEmpty()) {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      }
      out.println(summary(received, problems.isEmpty() ? file : partial, problems));
      return problems.isEmpty() ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      err.println("the export could not be made: " + e);
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted");
      return 2;
    }
  }

  /** What arrived: the SHA-256 and count of the event lines, and the last line (the manifest). */
  record Received(long lines, String sha256, byte[] manifest) {}

  /**
   * Copies the export to {@code copy} line by line, hashing every line but the last: the last is
   * the manifest, so each line is hashed once the next one has begun.
   */
  static Received receive(InputStream body, OutputStream copy, PrintStream err) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long started = System.nanoTime();
    long lines = 0;
    byte[] pending = null;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int read;
    while ((read = body.read(buffer)) != -1) {
      copy.write(buffer, 0, read);
      int start = 0;
      for (int i = 0; i < read; i++) {
        if (buffer[i] != '\n') {
          continue;
        }
        line.write(buffer, start, i - start);
        start = i + 1;
        if (pending != null) {
          sha256.update(pending);
          sha256.update((byte) '\n');
          lines++;
          if (lines % PROGRESS_EVERY == 0) {
            err.printf(
                "%d events received, %.0f events/s%n",
                lines, lines / Math.max(1e-9, (System.nanoTime() - started) / 1e9));
          }
        }
        pending = line.toByteArray();
        line.reset();
      }
      line.write(buffer, start, read - start);
    }
    if (line.size() > 0) {
      // a last line without its newline: the stream was cut off
      if (pending != null) {
        sha256.update(pending);
        sha256.update((byte) '\n');
        lines++;
      }
      pending = line.toByteArray();
    }
    return new Received(
        lines, HexFormat.of().formatHex(sha256.digest()), pending == null ? new byte[0] : pending);
  }

  /** What does not hold: an empty list when the export is complete and matches its manifest. */
  static List<String> check(Received received, String publicKey) throws IOException {
    List<String> problems = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    JsonNode line;
    JsonNode manifest;
    try {
      line = json.readTree(received.manifest());
      manifest = json.readTree(line.path("signed").asText());
    } catch (IOException e) {
      return List.of("the last line is not a manifest: the export was cut off");
    }
    if (manifest == null || !manifest.has("sha256")) {
      return List.of("the last line is not a manifest: the export was cut off");
    }
    if (!manifest.path("sha256").asText().equals(received.sha256())) {
      problems.add(
          "the events do not match the manifest: SHA-256 "
              + received.sha256()
              + ", the manifest signed "
              + manifest.path("sha256").asText());
    }
    if (manifest.path("count").asLong(-1) != received.lines()) {
      problems.add(
          "the manifest signed "
              + manifest.path("count").asLong(-1)
              + " events, "
              + received.lines()
              + " arrived");
    }
    if (publicKey != null) {
      AuditKeys keys = new AuditKeys(null, PemKeys.readPublic(Path.of(publicKey)));
      byte[] signature;
      try {
        signature = Base64.getDecoder().decode(line.path("signature").asText());
      } catch (IllegalArgumentException e) {
        signature = new byte[0];
      }
      if (!keys.verifies(
          line.path("signed").asText().getBytes(StandardCharsets.UTF_8), signature)) {
        problems.add("the manifest is not signed by the key " + keys.keyId());
      }
    }
    return problems;
  }

  private static String summary(Received received, Path file, List<String> problems) {
    ObjectMapper json = new ObjectMapper();
    var summary = json.createObjectNode();
    summary.put("complete", problems.isEmpty());
    summary.put("file", file.toString());
    summary.put("events", received.lines());
    summary.put("sha256", received.sha256());
    problems.forEach(summary.putArray("problems")::add);
    try {
      JsonNode manifest = json.readTree(json.readTree(received.manifest()).path("signed").asText());
      summary.put("exportId", manifest.path("exportId").asText(null));
      summary.put("firstPosition", manifest.path("firstPosition").asLong(-1));
      summary.put("lastPosition", manifest.path("lastPosition").asLong(-1));
    } catch (IOException | RuntimeException e) {
      summary.putNull("exportId");
    }
    return summary.toString();
  }
}
