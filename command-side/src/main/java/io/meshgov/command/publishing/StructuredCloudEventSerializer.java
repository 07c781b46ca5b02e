package io.meshgov.command.publishing;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a governance CloudEvent as the value of a Kafka record in structured JSON mode, the same
 * JSON the CloudEvents SDK's serializer writes for it (with the same {@code content-type} header),
 * straight into bytes.
 *
 * <p>Why not the SDK's serializer: it reads every attribute through its generic context reader,
 * matches the data content type against regular expressions twice per event and goes through a
 * Jackson {@code ObjectMapper}; on the publisher's thread that was a sixth of its CPU, on two cores
 * shared with the command path. What is written here is narrow on purpose: CloudEvents 1.0 whose
 * data is JSON ({@code application/json}) and is embedded as it is (it is the stored JSON of an
 * event), which is every event the publisher sends. Anything else goes to the SDK's serializer.
 * Consumers read it with the SDK as before; a test holds the two writers' JSON equal.
 */
public final class StructuredCloudEventSerializer implements Serializer<CloudEvent> {

  /** The header the SDK's Kafka binding reads the mode from. */
  static final String CONTENT_TYPE_HEADER = "content-type";

  private static final byte[] STRUCTURED = JsonFormat.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
  private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

  private final CloudEventSerializer others = sdkSerializer();

  @Override
  public byte[] serialize(String topic, CloudEvent event) {
    // Kafka's producer always passes the record's headers; without them, the value alone
    return serialize(topic, new RecordHeaders(), event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, CloudEvent event) {
    if (event == null) {
      return null;
    }
    byte[] written = writable(event) ? write(event) : null;
    if (written == null) {
      return others.serialize(topic, headers, event);
    }
    headers.remove(CONTENT_TYPE_HEADER);
    headers.add(CONTENT_TYPE_HEADER, STRUCTURED);
    return written;
  }

  /**
   * What this writer takes: version 1.0 with JSON data held as bytes (or no data) and extensions of
   * text, whole numbers of 32 bits and truth values, which the SDK writes as they are (the
   * governance events' extensions are all of these).
   */
  static boolean writable(CloudEvent event) {
    if (event.getSpecVersion() != SpecVersion.V1
        || event.getData() != null
            && (!"application/json".equals(event.getDataContentType())
                || event.getData() instanceof JsonCloudEventData)) {
      return false;
    }
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      if (!(value instanceof String || value instanceof Integer || value instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The event's structured-mode JSON, or null for text Jackson's encoder will not take (half of a
   * surrogate pair, which any member can put in a reason): the SDK's serializer escapes it, and a
   * publisher that threw here would stop at that event for good.
   */
  static byte[] write(CloudEvent event) {
    try {
      return writeOrThrow(event);
    } catch (IllegalArgumentException unencodable) {
      return null;
    }
  }

  private static byte[] writeOrThrow(CloudEvent event) {
    var out = new ByteArrayOutputStream(512);
    out.writeBytes("{\"specversion\":\"1.0\"".getBytes(StandardCharsets.US_ASCII));
    field(out, "id", event.getId());
    field(out, "source", event.getSource().toString());
    field(out, "type", event.getType());
    if (event.getDataContentType() != null) {
      field(out, "datacontenttype", event.getDataContentType());
    }
    if (event.getDataSchema() != null) {
      field(out, "dataschema", event.getDataSchema().toString());
    }
    if (event.getSubject() != null) {
      field(out, "subject", event.getSubject());
    }
    if (event.getTime() != null) {
      field(out, "time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.getTime()));
    }
    for (String name : event.getExtensionNames()) {
      Object value = event.getExtension(name);
      if (value instanceof Integer || value instanceof Boolean) {
        name(out, name);
        out.writeBytes(value.toString().getBytes(StandardCharsets.US_ASCII));
      } else if (value != null) {
        field(out, name, value.toString());
      }
    }
    CloudEventData data = event.getData();
    if (data != null) {
      byte[] json = data.toBytes();
      if (json.length > 0) {
        name(out, "data");
        out.writeBytes(json);
      }
    }
    out.write('}');
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    name(out, name);
    out.write('"');
    out.writeBytes(QUOTE.quoteAsUTF8(value));
    out.write('"');
  }

  private static void name(ByteArrayOutputStream out, String name) {
    out.write(',');
    out.write('"');
    out.writeBytes(QUOTE.quoteAsUTF8(name));
    out.write('"');
    out.write(':');
  }

  /** The SDK's serializer, structured JSON: this one's fallback, and what it is held equal to. */
  static CloudEventSerializer sdkSerializer() {
    var serializer = new CloudEventSerializer();
    serializer.configure(
        Map.of(
            CloudEventSerializer.ENCODING_CONFIG,
            Encoding.STRUCTURED,
            CloudEventSerializer.EVENT_FORMAT_CONFIG,
            JsonFormat.CONTENT_TYPE),
        false);
    return serializer;
  }
}
