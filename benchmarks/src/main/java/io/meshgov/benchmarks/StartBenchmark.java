package io.meshgov.benchmarks;

import io.meshgov.testsupport.GraphQlClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged application's start on the embedded default, in a process of its own with a fresh
 * data folder (a first start: keys made, schema migrated, graph created) or the folder of the run
 * before (a restart), timed from the moment the process is launched to the first GraphQL answer (a
 * query with a token, polled every 20 ms). Two forms, alternated in each run: the executable jar
 * ({@code java -jar server/target/meshgov-server-exec.jar}) and the folder {@code
 * bin/start-archive} makes of it ({@code java -XX:SharedArchiveFile=meshgov.jsa -jar
 * meshgov-server.jar}, the classes in plain jars and a class-data-sharing archive). Where the time
 * goes is read off the application's own log: each line's time since launch for the milestones
 * named below.
 *
 * <p>Arguments: {@code runs=5 jar=server/target/meshgov-server-exec.jar
 * archive=server/target/meshgov forms=jar,archive java-options=} ({@code archive=} empty: the jar
 * only; {@code java-options}: options for both forms' JVM, separated by spaces, say a flight
 * recording's {@code -XX:StartFlightRecording=filename=/tmp/start-%p.jfr,settings=profile});
 * relative paths are read from the working folder (Maven's exec plugin runs in {@code benchmarks/}:
 * give absolute ones).
 */
public final class StartBenchmark {

  /** Log lines that mark a step of the start, by the words they contain. */
  private static final Map<String, String> MILESTONES = new LinkedHashMap<>();

  static {
    MILESTONES.put("Starting MeshgovApplication", "Spring starts (JVM and class loading before)");
    MILESTONES.put("Tomcat initialized", "web server made");
    MILESTONES.put("Migrating schema", "event store schema migration begins");
    MILESTONES.put("Successfully applied", "event store schema migrated");
    // the embedded Neo4j starts on a thread of its own from the moment Spring starts
    MILESTONES.put("Embedded lineage graph started", "embedded Neo4j started (its own thread)");
    MILESTONES.put("in the GraphQL schema", "GraphQL schema loaded");
    MILESTONES.put("Tomcat started", "web server listening");
    MILESTONES.put("Started MeshgovApplication", "application started");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Options.parse(args);
    int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
    Path jar =
        Path.of(options.getOrDefault("jar", "server/target/meshgov-server-exec.jar"))
            .toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " does not exist: ./mvnw -B -q install -DskipTests");
    }
    List<String> java = new ArrayList<>(List.of("java"));
    String javaOptions = options.getOrDefault("java-options", "").trim();
    if (!javaOptions.isEmpty()) {
      java.addAll(List.of(javaOptions.split("\\s+")));
    }
    Map<String, List<String>> forms = new LinkedHashMap<>();
    List<String> wanted = List.of(options.getOrDefault("forms", "jar,archive").split(","));
    if (wanted.contains("jar")) {
      List<String> command = new ArrayList<>(java);
      command.addAll(List.of("-jar", jar.toString()));
      forms.put("jar", command);
    }
    String archive = options.getOrDefault("archive", "server/target/meshgov");
    if (!archive.isBlank() && wanted.contains("archive")) {
      Path folder = Path.of(archive).toAbsolutePath();
      if (!Files.exists(folder.resolve("meshgov.jsa"))) {
        throw new IllegalStateException(folder + "/meshgov.jsa does not exist: bin/start-archive");
      }
      List<String> command = new ArrayList<>(java);
      command.addAll(
          List.of(
              // an archive the JVM cannot use fails the run instead of being measured as none
              "-Xshare:on",
              "-XX:SharedArchiveFile=" + folder.resolve("meshgov.jsa"),
              "-jar",
              folder.resolve("meshgov-server.jar").toString()));
      forms.put("archive", command);
    }
    System.out.println("### Start of the packaged application, embedded default\n");
    System.out.println(
        "| form | run | first GraphQL answer s | application started (its log) s | JVM before"
            + " Spring s |");
    System.out.println("| --- | --- | ---: | ---: | ---: |");
    Map<String, List<Map<String, Double>>> steps = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      for (var form : forms.entrySet()) {
        Path dataDir = Files.createTempDirectory("meshgov-start");
        for (boolean restart : new boolean[] {false, true}) {
          Result result;
          try {
            result = start(form.getValue(), dataDir);
          } catch (Exception | Error e) {
            try {
              Scratch.delete(dataDir);
            } catch (java.io.IOException notDeleted) {
              e.addSuppressed(notDeleted);
            }
            throw e;
          }
          System.out.printf(
              "| %s | %s %d | %.2f | %.2f | %.2f |%n",
              form.getKey(),
              restart ? "restart" : "first start",
              run,
              result.answered(),
              result.steps().getOrDefault("Started MeshgovApplication", Double.NaN),
              result.steps().getOrDefault("Starting MeshgovApplication", Double.NaN));
          if (!restart) {
            steps.computeIfAbsent(form.getKey(), f -> new ArrayList<>()).add(result.steps());
          }
        }
        Scratch.delete(dataDir); // a first start and a restart each: a fresh folder for the next
      }
    }
    System.out.println(
        "\nWhere a first start's time goes (median over the runs, s since launch):\n");
    System.out.println("| step | " + String.join(" s | ", forms.keySet()) + " s |");
    System.out.println("| --- |" + " ---: |".repeat(forms.size()));
    for (var milestone : MILESTONES.entrySet()) {
      StringBuilder row = new StringBuilder("| " + milestone.getValue() + " |");
      for (String form : forms.keySet()) {
        List<Double> at = new ArrayList<>();
        for (Map<String, Double> s : steps.get(form)) {
          if (s.containsKey(milestone.getKey())) {
            at.add(s.get(milestone.getKey()));
          }
        }
        at.sort(Double::compare);
        row.append(at.isEmpty() ? " |" : String.format(" %.2f |", at.get(at.size() / 2)));
      }
      System.out.println(row);
    }
    System.exit(0);
  }

  record Result(double answered, Map<String, Double> steps) {}

  private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

  private static Result start(List<String> command, Path dataDir) throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    long launched = System.nanoTime();
    List<String> launch = new ArrayList<>(command);
    launch.add("--meshgov.data-dir=" + dataDir);
    launch.add("--server.port=" + port);
    Process app = new ProcessBuilder(launch).redirectErrorStream(true).start();
    Map<String, Double> steps = new HashMap<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  double at = (System.nanoTime() - launched) / 1e9;
                  for (String words : MILESTONES.keySet()) {
                    if (line.contains(words)) {
                      steps.putIfAbsent(words, at);
                    }
                  }
                  Matcher m = PORT.matcher(line);
                  if (m.find()) {
                    steps.putIfAbsent("port " + m.group(1), at);
                  }
                }
              } catch (java.io.IOException ignored) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      GraphQlClient client = new GraphQlClient(port, dataDir);
      String token = null;
      long deadline = launched + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (!app.isAlive()) {
          throw new IllegalStateException("the application ended with " + app.exitValue());
        }
        try {
          if (token == null && Files.exists(dataDir.resolve("keys/jwt-private.pem"))) {
            token = client.shortLivedToken("starter", 600);
          }
          if (token != null) {
            var answer = client.post("{\"query\": \"{ domains { id } }\"}", token);
            if (answer.statusCode() == 200 && answer.body().contains("\"data\"")) {
              return new Result((System.nanoTime() - launched) / 1e9, Map.copyOf(steps));
            }
          }
        } catch (java.io.IOException | RuntimeException notYet) {
          // not listening yet, or the key half written
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("no GraphQL answer within 120 s");
    } finally {
      app.destroy();
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
  }
}
