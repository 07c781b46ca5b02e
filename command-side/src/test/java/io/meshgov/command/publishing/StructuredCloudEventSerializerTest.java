package io.meshgov.command.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.meshgov.api.DomainName;
import io.meshgov.api.TeamId;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceCloudEvents;
import io.meshgov.api.wire.GovernanceEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class StructuredCloudEventSerializerTest {

  private final GovernanceCloudEvents wire =
      new GovernanceCloudEvents(URI.create("/meshgov/command-side"));
  private final StructuredCloudEventSerializer ours = new StructuredCloudEventSerializer();
  private final CloudEventSerializer sdk = StructuredCloudEventSerializer.sdkSerializer();
  private final ObjectMapper json = new ObjectMapper();

  private GovernanceEvent event(String reason, String actor, Instant time) {
    return new GovernanceEvent(
        "event-1",
        "payments",
        7,
        5_000_000_000L,
        time,
        new TeamRegisteredEvent(
            TeamId.of("payments"), "Payments \"Ledger\"", DomainName.of("finance")),
        actor,
        reason,
        "corr-1",
        null);
  }

  private List<CloudEvent> events() {
    return List.of(
        wire.toCloudEvent(
            event("quarterly clean-up", "alice", Instant.parse("2026-11-28T10:15:30Z"))),
        // text that needs escaping, characters beyond ASCII, a time with nanoseconds
        wire.toCloudEvent(
            event(
                "line one\nline \"two\"\t\\ back\u0001slash é 漢字 \uD83D\uDE00",
                "zoë",
                Instant.parse("2026-11-28T10:15:30.123456789Z"))),
        // half of a surrogate pair, which Jackson's encoder refuses: the SDK writes it
        wire.toCloudEvent(
            event("lone \uD800 high", "\uDC00", Instant.parse("2026-11-28T10:15:30Z"))),
        // without the optional extensions, the time at a whole millisecond
        wire.toCloudEvent(event(null, null, Instant.parse("2026-11-28T10:15:30.120Z"))),
        // the stored form: data as stored, extensions from the stored metadata
        wire.toCloudEvent(
            "event-2",
            "payments.ledger",
            3,
            42,
            Instant.parse("2026-01-01T00:00:00Z"),
            TeamRegisteredEvent.class.getName(),
            "1",
            "{\"teamId\" : \"payments\",\n \"name\":\"P\", \"domain\":\"finance\"}"
                .getBytes(StandardCharsets.UTF_8),
            Map.of("actor", "bob", "causationid", "cause-9")));
  }

  @Test
  void writes_the_json_the_sdk_writes_with_the_same_header() throws Exception {
    for (CloudEvent event : events()) {
      var ourHeaders = new RecordHeaders();
      var sdkHeaders = new RecordHeaders();
      byte[] mine = ours.serialize("t", ourHeaders, event);
      byte[] theirs = sdk.serialize("t", sdkHeaders, event);

      assertThat(json.readTree(mine)).isEqualTo(json.readTree(theirs));
      assertThat(ourHeaders.toArray()).containsExactly(sdkHeaders.toArray());
      assertThat(ours.serialize("t", event)).isEqualTo(mine);
    }
  }

  @Test
  void consumers_read_it_back_as_the_same_event() {
    var deserializer = new CloudEventDeserializer();
    for (CloudEvent event : events()) {
      var headers = new RecordHeaders();
      byte[] value = ours.serialize("t", headers, event);
      var sdkHeaders = new RecordHeaders();
      byte[] theirs = sdk.serialize("t", sdkHeaders, event);

      CloudEvent read = deserializer.deserialize("t", headers, value);
      assertThat(read).isEqualTo(deserializer.deserialize("t", sdkHeaders, theirs));
      assertThat(read.getExtension("position")).isEqualTo(event.getExtension("position"));
      assertThat(read.getData().toBytes()).isNotEmpty();
      if (event.getId().equals("event-1")) {
        assertThat(wire.read(value)).isEqualTo(wire.fromCloudEvent(event));
      }
    }
  }

  @Test
  void what_it_does_not_write_goes_to_the_sdk() throws Exception {
    CloudEvent text =
        CloudEventBuilder.v1()
            .withId("x")
            .withSource(URI.create("/elsewhere"))
            .withType("other")
            .withTime(OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2)))
            .withDataContentType("text/plain")
            .withData("plain \"text\"".getBytes(StandardCharsets.UTF_8))
            .build();
    var ourHeaders = new RecordHeaders();
    var sdkHeaders = new RecordHeaders();

    assertThat(StructuredCloudEventSerializer.writable(text)).isFalse();
    CloudEvent longExtension =
        CloudEventBuilder.v1(wire.toCloudEvent(event("r", "alice", Instant.EPOCH)))
            .withExtension("big", 5_000_000_000L)
            .build();
    assertThat(StructuredCloudEventSerializer.writable(longExtension)).isFalse();
    assertThat(json.readTree(ours.serialize("t", new RecordHeaders(), longExtension)))
        .isEqualTo(json.readTree(sdk.serialize("t", new RecordHeaders(), longExtension)));
    assertThat(json.readTree(ours.serialize("t", ourHeaders, text)))
        .isEqualTo(json.readTree(sdk.serialize("t", sdkHeaders, text)));
    assertThat(ourHeaders.toArray()).containsExactly(sdkHeaders.toArray());
  }
}
