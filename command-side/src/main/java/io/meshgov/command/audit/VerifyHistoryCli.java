package io.meshgov.command.audit;

import io.meshgov.plumbing.PemKeys;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code verifyHistory} from the command line, for a store of any size, with progress: reads the
 * store straight from its database with the public key only.
 *
 * <pre>
 * java -Dloader.main=io.meshgov.command.audit.VerifyHistoryCli -cp server.jar \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --url=jdbc:postgresql://127.0.0.1:5432/meshgov --user=postgres --password= \
 *   --public-key=data/keys/audit-public.pem
 * </pre>
 *
 * Prints progress to standard error and the result as one JSON object to standard output; exits 0
 * when the history is intact, 1 when it is broken, 2 when it could not be checked.
 */
public final class VerifyHistoryCli {

  private VerifyHistoryCli() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.exit(status);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      }
    }
    String url = options.get("url");
    String key = options.get("public-key");
    if (url == null || key == null) {
      err.println(
          "usage: --url=<jdbc url> [--user=<user>] [--password=<password>]"
              + " --public-key=<audit-public.pem> [--anchor=<audit-anchor>]");
      return 2;
    }
    try {
      DriverManagerDataSource data =
          new DriverManagerDataSource(
              url, options.getOrDefault("user", ""), options.getOrDefault("password", ""));
      JdbcTemplate jdbc = new JdbcTemplate(data);
      TransactionTemplate readOnly =
          new TransactionTemplate(new DataSourceTransactionManager(data));
      readOnly.setReadOnly(true);
      readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
      AuditKeys keys = new AuditKeys(null, PemKeys.readPublic(Path.of(key)));
      // the last checkpoint the key signed, as recorded beside the key (optional, recommended)
      CheckpointAnchor anchor =
          new CheckpointAnchor(
              options.containsKey("anchor") ? Path.of(options.get("anchor")) : null);
      Checkpoints checkpoints =
          new Checkpoints(jdbc, readOnly, keys, Clock.systemUTC(), Duration.ZERO, anchor);
      long started = System.nanoTime();
      VerificationResult result =
          new HistoryVerifier(jdbc, readOnly, checkpoints, keys, anchor)
              .verify(
                  done ->
                      err.printf(
                          "%d events checked, %.0f events/s%n",
                          done, done / Math.max(1e-9, (System.nanoTime() - started) / 1e9)));
      out.println(json(result));
      return result.intact() ? 0 : 1;
    } catch (Exception e) {
      err.println("the history could not be checked: " + e.getMessage());
      return 2;
    }
  }

  static String json(VerificationResult result) {
    StringBuilder text = new StringBuilder();
    text.append("{\"intact\":").append(result.intact());
    text.append(",\"checkedUpTo\":").append(result.checkedUpTo());
    text.append(",\"eventsChecked\":").append(result.eventsChecked());
    text.append(",\"checkpoint\":").append(result.checkpoint());
    VerificationResult.Break at = result.firstBreak();
    if (at == null) {
      text.append(",\"firstBreak\":null}");
    } else {
      text.append(",\"firstBreak\":{\"position\":").append(at.position());
      text.append(",\"aggregateId\":").append(quoted(at.aggregateId()));
      text.append(",\"sequence\":").append(at.sequence());
      text.append(",\"problem\":").append(quoted(at.problem())).append("}}");
    }
    return text.toString();
  }

  private static String quoted(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c < 0x20) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
