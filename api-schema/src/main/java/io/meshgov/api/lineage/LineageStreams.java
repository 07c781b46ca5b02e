package io.meshgov.api.lineage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The streams of what pipelines report: each run one ({@code olrun:<runId>}); a job or dataset
 * event one of its own, keyed by a digest of what it names and its time, so a redelivery addresses
 * the stream it recorded before.
 */
public final class LineageStreams {

  private LineageStreams() {}

  public static String run(String runId) {
    return "olrun:" + runId.toLowerCase(Locale.ROOT);
  }

  public static String job(String namespace, String name, Instant eventTime) {
    return "oljob:" + digest(namespace + "\n" + name + "\n" + eventTime);
  }

  public static String dataset(String namespace, String name, Instant eventTime) {
    return "olds:" + digest(namespace + "\n" + name + "\n" + eventTime);
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 40);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
