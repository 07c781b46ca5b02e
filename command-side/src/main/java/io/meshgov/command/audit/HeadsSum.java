package io.meshgov.command.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A digest of the set of all chain heads (aggregate, last sequence, last link) that is updated in
 * constant time when one head moves: the heads' 1024-bit hashes added modulo 2^1024 (an additive
 * set hash), hashed once more with SHA-256 to sign. A checkpoint signs it, so a verifier can check
 * every checkpoint while walking the store once, whatever the number of aggregates.
 */
final class HeadsSum {

  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(1024);
  private static final byte[] DOMAIN = "meshgov-heads-v1".getBytes(StandardCharsets.US_ASCII);

  private BigInteger sum;

  HeadsSum() {
    this(BigInteger.ZERO);
  }

  private HeadsSum(BigInteger sum) {
    this.sum = sum;
  }

  static HeadsSum of(byte[] stored) {
    return new HeadsSum(new BigInteger(1, stored));
  }

  void add(String aggregate, long sequence, byte[] link) {
    sum = sum.add(element(aggregate, sequence, link)).mod(MODULUS);
  }

  void remove(String aggregate, long sequence, byte[] link) {
    sum = sum.subtract(element(aggregate, sequence, link)).mod(MODULUS);
  }

  /** The sum as 128 bytes, to store. */
  byte[] bytes() {
    byte[] raw = sum.toByteArray();
    byte[] fixed = new byte[128];
    int length = Math.min(raw.length, 128);
    System.arraycopy(raw, raw.length - length, fixed, 128 - length, length);
    return fixed;
  }

  /** What a checkpoint signs. */
  byte[] digest() {
    return EventChain.sha256(bytes());
  }

  private static BigInteger element(String aggregate, long sequence, byte[] link) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(DOMAIN);
      byte[] id = aggregate.getBytes(StandardCharsets.UTF_8);
      out.writeInt(id.length);
      out.write(id);
      out.writeLong(sequence);
      out.write(link);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    byte[] head = bytes.toByteArray();
    byte[] wide = new byte[128];
    System.arraycopy(sha512((byte) 0, head), 0, wide, 0, 64);
    System.arraycopy(sha512((byte) 1, head), 0, wide, 64, 64);
    return new BigInteger(1, wide);
  }

  private static byte[] sha512(byte prefix, byte[] data) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      digest.update(prefix);
      return digest.digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
