package io.meshgov.command.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The link of an event in its aggregate's hash chain: SHA-256 over the previous link of the same
 * aggregate (32 zero bytes before the first event) and a canonical form of the stored row:
 * position, event id, aggregate id and sequence, aggregate type, payload type and revision, time,
 * payload and metadata, each length-prefixed so no two rows share a form. Whatever changes in a
 * row, or moves it to another position or sequence, changes its link and every later link of its
 * aggregate.
 */
public final class EventChain {

  /** The link before an aggregate's first event. */
  public static final byte[] GENESIS = new byte[32];

  private static final byte[] DOMAIN = "meshgov-chain-v1".getBytes(StandardCharsets.US_ASCII);

  private EventChain() {}

  public static byte[] link(byte[] previous, StoredRow row) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + row.payload().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(DOMAIN);
      out.write(previous);
      out.writeLong(row.position());
      text(out, row.eventIdentifier());
      text(out, row.aggregateId());
      out.writeLong(row.sequence());
      text(out, row.type());
      text(out, row.payloadType());
      text(out, row.payloadRevision());
      text(out, row.timeStamp());
      binary(out, row.payload());
      binary(out, row.metaData());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return sha256(bytes.toByteArray());
  }

  private static void text(DataOutputStream out, String value) throws IOException {
    binary(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static void binary(DataOutputStream out, byte[] value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(value.length);
      out.write(value);
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
