package io.meshgov.command.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;

/**
 * The key that signs checkpoints, kept outside the database: whoever can write the database can
 * recompute hashes, not signatures. {@code keyId} names the public key (the first 16 hex digits of
 * the SHA-256 of its DER form), so a verifier knows which key a checkpoint needs.
 */
public final class AuditKeys {

  private final PrivateKey signing;
  private final PublicKey verifying;
  private final String keyId;

  /** A pair that signs and verifies; the private key may be null where only verifying happens. */
  public AuditKeys(PrivateKey signing, PublicKey verifying) {
    this.signing = signing;
    this.verifying = verifying;
    this.keyId = idOf(verifying);
  }

  public static AuditKeys of(KeyPair pair) {
    return new AuditKeys(pair.getPrivate(), pair.getPublic());
  }

  public static String idOf(PublicKey key) {
    return HexFormat.of().formatHex(EventChain.sha256(key.getEncoded())).substring(0, 16);
  }

  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return verifying;
  }

  byte[] sign(byte[] content) {
    if (signing == null) {
      throw new IllegalStateException("no private key to sign checkpoints with");
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(signing);
      rsa.update(content);
      return rsa.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a checkpoint", e);
    }
  }

  boolean verifies(byte[] content, byte[] signature) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(verifying);
      rsa.update(content);
      return rsa.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
