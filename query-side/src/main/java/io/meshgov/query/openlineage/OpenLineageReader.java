package io.meshgov.query.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgov.api.GovernanceException;
import io.meshgov.api.command.LineageCommand;
import io.meshgov.api.command.LineageCommand.ObserveDatasetCommand;
import io.meshgov.api.command.LineageCommand.ObserveJobCommand;
import io.meshgov.api.command.LineageCommand.ObserveRunCommand;
import io.meshgov.api.lineage.ObservedDataset;
import io.meshgov.api.lineage.ObservedDataset.ColumnMapping;
import io.meshgov.api.lineage.ObservedDataset.InputField;
import io.meshgov.api.lineage.ObservedDataset.ObservedField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one OpenLineage event (spec 2-0-x) as its HTTP and Kafka transports send it, tolerantly:
 * what the spec leaves optional may be missing ({@code eventType}, facets, inputs, outputs), and so
 * may {@code schemaURL} and {@code producer}; unknown facets are kept (the event's text is recorded
 * whole when it fits {@link LineageCommand#FACETS}, else its digest and size). Refuses, with every
 * violation named: no {@code eventTime}; none of the three kinds (a run event without {@code
 * run.runId} or {@code job}, a job event without {@code job}, a dataset event without {@code
 * dataset}); a runId that is not a UUID; a job or dataset without namespace or name.
 */
public final class OpenLineageReader {

  /** The largest request body taken for one event. */
  public static final int MAX_EVENT_BYTES = 2 * 1024 * 1024;

  /** Every violation of one event, by where it is. */
  public static final class Refused extends RuntimeException {
    private final List<String> violations;

    public Refused(List<String> violations) {
      super(String.join("; ", violations), null, false, false);
      this.violations = List.copyOf(violations);
    }

    public List<String> violations() {
      return violations;
    }
  }

  private OpenLineageReader() {}

  /**
   * @param event the parsed JSON of one event
   * @param text the event's text as received (kept as its facets when it fits)
   */
  public static LineageCommand read(JsonNode event, String text) {
    List<String> violations = new ArrayList<>();
    if (event == null || !event.isObject()) {
      throw new Refused(List.of("the body is not a JSON object"));
    }
    Instant eventTime = time(event.get("eventTime"), violations);
    String producer = optionalText(event.get("producer"));
    String schemaUrl = optionalText(event.get("schemaURL"));
    String facets = facets(text);
    JsonNode run = event.get("run");
    JsonNode job = event.get("job");
    JsonNode dataset = event.get("dataset");
    try {
      if (run != null || (event.has("eventType") && dataset == null)) {
        // a run event
        String runId = run == null ? null : optionalText(run.get("runId"));
        if (runId == null) {
          violations.add("run.runId: a run event needs one");
        } else if (!LineageCommand.RUN_ID.matcher(runId).matches()) {
          violations.add("run.runId: not a UUID");
        }
        String[] jobName = job(job, "job", violations);
        List<ObservedDataset> inputs = datasets(event.get("inputs"), "inputs", violations);
        List<ObservedDataset> outputs = datasets(event.get("outputs"), "outputs", violations);
        String eventType = optionalText(event.get("eventType"));
        if (eventType != null && eventType.length() > 50) {
          violations.add("eventType: longer than 50 characters");
        } else if (eventType != null) {
          // the spec's types in any case are one type (a redelivery in other letters is one)
          String upper = eventType.trim().toUpperCase(java.util.Locale.ROOT);
          eventType = LineageCommand.EVENT_TYPES.contains(upper) ? upper : eventType;
        }
        refuseIfAny(violations);
        return new ObserveRunCommand(
            runId,
            eventType,
            eventTime,
            jobName[0],
            jobName[1],
            inputs,
            outputs,
            owners(job.path("facets").get("ownership")),
            producer,
            schemaUrl,
            facets);
      }
      if (job != null) {
        String[] jobName = job(job, "job", violations);
        List<ObservedDataset> inputs = datasets(event.get("inputs"), "inputs", violations);
        List<ObservedDataset> outputs = datasets(event.get("outputs"), "outputs", violations);
        refuseIfAny(violations);
        return new ObserveJobCommand(
            eventTime,
            jobName[0],
            jobName[1],
            inputs,
            outputs,
            owners(job.path("facets").get("ownership")),
            producer,
            schemaUrl,
            facets);
      }
      if (dataset != null) {
        ObservedDataset observed = dataset(dataset, "dataset", violations);
        refuseIfAny(violations);
        return new ObserveDatasetCommand(eventTime, observed, producer, schemaUrl, facets);
      }
    } catch (GovernanceException e) {
      // a limit of the contract (too many datasets, a name too long): one more violation
      violations.add(e.getMessage());
      throw new Refused(violations);
    }
    violations.add(
        "the event is none of RunEvent (run and job), JobEvent (job) and DatasetEvent (dataset)");
    throw new Refused(violations);
  }

  private static void refuseIfAny(List<String> violations) {
    if (!violations.isEmpty()) {
      throw new Refused(violations);
    }
  }

  /** ISO-8601 with or without a zone (none: UTC), with any fraction of a second. */
  static Instant time(JsonNode value, List<String> violations) {
    String text = optionalText(value);
    if (text == null) {
      violations.add("eventTime: required");
      return null;
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withZone) {
      try {
        time = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException withoutZone) {
        violations.add("eventTime: not an ISO-8601 time");
        return null;
      }
    }
    // a time the graph and the API can hold, and not ahead of this server by more than a day: an
    // event dated in the far future would stay "the latest" of its job and dataset for good
    if (time.isBefore(EARLIEST) || time.isAfter(Instant.now().plus(java.time.Duration.ofDays(1)))) {
      violations.add(
          "eventTime: before the year 1 or more than a day ahead of this server's clock");
      return null;
    }
    return time;
  }

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** Column-lineage input fields taken in one event, over all its outputs. */
  public static final int MAPPINGS = 1_000;

  private static String[] job(JsonNode job, String where, List<String> violations) {
    if (job == null || !job.isObject()) {
      violations.add(where + ": a run event needs its job");
      return new String[] {null, null};
    }
    String namespace = optionalText(job.get("namespace"));
    String name = optionalText(job.get("name"));
    if (namespace == null) {
      violations.add(where + ".namespace: required");
    }
    if (name == null) {
      violations.add(where + ".name: required");
    }
    return new String[] {namespace, name};
  }

  private static List<ObservedDataset> datasets(
      JsonNode list, String where, List<String> violations) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      violations.add(where + ": not a list");
      return List.of();
    }
    if (list.size() > LineageCommand.DATASETS) {
      violations.add(where + ": more than " + LineageCommand.DATASETS + " datasets");
      return List.of();
    }
    // a dataset named twice is read once, with what its first mention says
    Map<String, ObservedDataset> seen = new LinkedHashMap<>();
    int mappings = 0;
    for (int i = 0; i < list.size(); i++) {
      ObservedDataset dataset = dataset(list.get(i), where + "[" + i + "]", violations);
      if (dataset != null) {
        seen.putIfAbsent(dataset.dataset().key(), dataset);
        mappings += dataset.columnLineage().stream().mapToInt(m -> m.inputs().size()).sum();
      }
    }
    if (mappings > MAPPINGS) {
      violations.add(
          where
              + ": the column-lineage facets name "
              + mappings
              + " input fields, more than "
              + MAPPINGS
              + " in one event");
    }
    return List.copyOf(seen.values());
  }

  private static ObservedDataset dataset(JsonNode node, String where, List<String> violations) {
    if (node == null || !node.isObject()) {
      violations.add(where + ": not a dataset");
      return null;
    }
    String namespace = optionalText(node.get("namespace"));
    String name = optionalText(node.get("name"));
    if (namespace == null) {
      violations.add(where + ".namespace: required");
    }
    if (name == null) {
      violations.add(where + ".name: required");
    }
    if (namespace == null || name == null) {
      return null;
    }
    JsonNode facets = node.path("facets");
    try {
      return new ObservedDataset(
          namespace,
          name,
          schema(facets.get("schema")),
          columnLineage(facets.get("columnLineage")),
          owners(facets.get("ownership")));
    } catch (GovernanceException e) {
      violations.add(where + ": " + e.getMessage());
      return null;
    }
  }

  /** The schema facet's top-level fields; null when the facet is absent or unreadable. */
  private static List<ObservedField> schema(JsonNode facet) {
    if (facet == null || !facet.path("fields").isArray()) {
      return null;
    }
    List<ObservedField> fields = new ArrayList<>();
    for (JsonNode field : facet.path("fields")) {
      String name = optionalText(field.get("name"));
      if (name != null && fields.size() < ObservedDataset.FIELDS) {
        fields.add(new ObservedField(name, optionalText(field.get("type"))));
      }
    }
    return fields;
  }

  /** The columnLineage facet: each output field and the input fields it was computed from. */
  private static List<ColumnMapping> columnLineage(JsonNode facet) {
    if (facet == null || !facet.path("fields").isObject()) {
      return List.of();
    }
    List<ColumnMapping> mappings = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = facet.path("fields").fields();
    while (fields.hasNext() && mappings.size() < ObservedDataset.FIELDS) {
      Map.Entry<String, JsonNode> field = fields.next();
      List<InputField> inputs = new ArrayList<>();
      for (JsonNode input : field.getValue().path("inputFields")) {
        String namespace = optionalText(input.get("namespace"));
        String name = optionalText(input.get("name"));
        String inputField = optionalText(input.get("field"));
        if (namespace != null && name != null && inputField != null) {
          inputs.add(new InputField(namespace, name, inputField));
        }
      }
      if (!inputs.isEmpty()) {
        mappings.add(new ColumnMapping(field.getKey(), inputs));
      }
    }
    return mappings;
  }

  /** The ownership facet's owners by name ({@code team:payments-core}, ...). */
  private static List<String> owners(JsonNode facet) {
    if (facet == null || !facet.path("owners").isArray()) {
      return List.of();
    }
    List<String> owners = new ArrayList<>();
    for (JsonNode owner : facet.path("owners")) {
      String name = optionalText(owner.get("name"));
      if (name != null && name.length() <= 500 && owners.size() < 100) {
        owners.add(name);
      }
    }
    return owners;
  }

  private static String optionalText(JsonNode value) {
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      return null;
    }
    return value.asText();
  }

  /** The event's text when it fits, else what it was: its size and digest. */
  private static String facets(String text) {
    if (text == null) {
      return null;
    }
    if (text.length() <= LineageCommand.FACETS) {
      return text;
    }
    try {
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(text.getBytes(StandardCharsets.UTF_8)));
      return "{\"omitted\":true,\"characters\":"
          + text.length()
          + ",\"sha256\":\""
          + digest
          + "\"}";
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
