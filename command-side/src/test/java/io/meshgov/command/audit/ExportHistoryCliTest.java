package io.meshgov.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.plumbing.PemKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line export's check of what arrived: pure logic over bytes, no server. */
class ExportHistoryCliTest {

  @TempDir Path keys;

  private final ObjectMapper json = new ObjectMapper();

  private byte[] export(AuditKeys key, String events, long count) throws Exception {
    String sha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(events.getBytes(StandardCharsets.UTF_8)));
    String signed =
        json.writeValueAsString(Map.of("exportId", "exp_1", "sha256", sha, "count", count));
    String manifest =
        json.writeValueAsString(
            Map.of(
                "signed",
                signed,
                "signature",
                Base64.getEncoder()
                    .encodeToString(key.sign(signed.getBytes(StandardCharsets.UTF_8)))));
    return (events + manifest + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private List<String> problems(byte[] received, Path publicKey) throws Exception {
    ExportHistoryCli.Received arrived =
        ExportHistoryCli.receive(
            new ByteArrayInputStream(received),
            new ByteArrayOutputStream(),
            new PrintStream(new ByteArrayOutputStream()));
    return ExportHistoryCli.check(arrived, publicKey == null ? null : publicKey.toString());
  }

  private Path publicKey(AuditKeys key, String name) throws Exception {
    Path file = keys.resolve(name);
    PemKeys.write(file, "PUBLIC KEY", key.publicKey().getEncoded());
    return file;
  }

  private static AuditKeys newKey() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    return AuditKeys.of(rsa.generateKeyPair());
  }

  @Test
  void an_export_as_sent_checks_out_and_every_change_to_it_is_named() throws Exception {
    AuditKeys key = newKey();
    Path pem = publicKey(key, "audit-public.pem");
    String events = "{\"id\":\"1\"}\n{\"id\":\"2\"}\n";
    byte[] whole = export(key, events, 2);
    assertThat(problems(whole, pem)).isEmpty();

    String text = new String(whole, StandardCharsets.UTF_8);
    assertThat(problems(text.replace("\"2\"", "\"3\"").getBytes(StandardCharsets.UTF_8), pem))
        .singleElement()
        .asString()
        .contains("do not match the manifest");
    // the manifest cut off: the stream ended early
    assertThat(problems(events.getBytes(StandardCharsets.UTF_8), pem))
        .singleElement()
        .asString()
        .contains("cut off");
    // a manifest counting more events than arrived, signed by another key
    AuditKeys other = newKey();
    assertThat(problems(export(other, events, 3), pem))
        .anyMatch(p -> p.contains("signed 3 events, 2 arrived"))
        .anyMatch(p -> p.contains("not signed by the key"));
    // without the public key, the content is still held against the manifest
    assertThat(problems(export(other, events, 2), null)).isEmpty();
  }
}
