package io.meshgov.command.audit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/**
 * A signed statement about the whole store at a position: how many events it held up to there, over
 * how many aggregates, and the digest of all chain heads; linked to the checkpoint before it.
 * {@code heads} holds only the heads that moved since that checkpoint.
 */
public record Checkpoint(
    long number,
    String madeAt,
    long upToPosition,
    long eventCount,
    long aggregateCount,
    byte[] headsSum,
    byte[] headsDigest,
    byte[] previousDigest,
    String keyId,
    byte[] signature,
    Map<String, Head> heads) {

  /** An aggregate's last sequence and link as of the checkpoint. */
  public record Head(long sequence, byte[] link) {}

  /** The exact bytes the signature covers (everything but the signature and the head list). */
  public byte[] signedContent() {
    HexFormat hex = HexFormat.of();
    return ("meshgov-checkpoint-v1\n"
            + number
            + "\n"
            + madeAt
            + "\n"
            + upToPosition
            + "\n"
            + eventCount
            + "\n"
            + aggregateCount
            + "\n"
            + hex.formatHex(headsDigest)
            + "\n"
            + hex.formatHex(previousDigest)
            + "\n"
            + keyId
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What the next checkpoint links to. */
  public byte[] digest() {
    return EventChain.sha256(signature);
  }
}
