package io.meshgov.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key pairs made ahead are used like pairs made on the spot: distinct, working, kept in files. */
class PemKeysTest {

  @Test
  void pairs_made_ahead_are_distinct_working_pairs_and_read_back_from_their_files(
      @TempDir Path folder) throws Exception {
    int before = PemKeys.waiting();
    PemKeys.makeAhead(2);
    assertThat(PemKeys.waiting()).isEqualTo(before + 2);
    KeyPair first = PemKeys.loadOrCreate(folder.resolve("a-private.pem"), folder.resolve("a.pem"));
    KeyPair second = PemKeys.loadOrCreate(folder.resolve("b-private.pem"), folder.resolve("b.pem"));
    // the two made ahead were taken, not made again
    assertThat(PemKeys.waiting()).isEqualTo(before);
    // a third is made on the spot once the ones made ahead are taken
    KeyPair third = PemKeys.loadOrCreate(folder.resolve("c-private.pem"), folder.resolve("c.pem"));

    assertThat(
            java.util.stream.Stream.of(first, second, third)
                .map(p -> ((RSAPublicKey) p.getPublic()).getModulus())
                .distinct())
        .hasSize(3);
    for (KeyPair pair : new KeyPair[] {first, second, third}) {
      assertThat(((RSAPublicKey) pair.getPublic()).getModulus().bitLength()).isEqualTo(2048);
      assertSigns(pair);
    }
    assertThat(Files.getPosixFilePermissions(folder.resolve("a-private.pem")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    KeyPair again = PemKeys.loadOrCreate(folder.resolve("a-private.pem"), folder.resolve("a.pem"));
    assertThat(again.getPublic()).isEqualTo(first.getPublic());
    assertThat(again.getPrivate()).isEqualTo(first.getPrivate());
  }

  private static void assertSigns(KeyPair pair) throws Exception {
    byte[] text = "who owned what".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature sign = Signature.getInstance("SHA256withRSA");
    sign.initSign(pair.getPrivate());
    sign.update(text);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance("SHA256withRSA");
    verify.initVerify(pair.getPublic());
    verify.update(text);
    assertThat(verify.verify(signature)).isTrue();
  }
}
