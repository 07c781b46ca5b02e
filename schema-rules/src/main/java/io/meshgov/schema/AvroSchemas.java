package io.meshgov.schema;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import io.meshgov.api.SchemaField;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Parses data product schemas and describes their top-level fields: the one place where both the
 * command side (refusing a breaking {@code publishSchemaVersion}) and the query side ({@code
 * impact(proposedSchema:)}) read Avro, so the two always agree on what a change touches.
 */
public final class AvroSchemas {

  private AvroSchemas() {}

  /** Parses Avro schema JSON; anything but a valid record schema is invalid input. */
  public static Schema parse(String json) {
    Schema schema;
    try {
      schema = new Schema.Parser().setValidateDefaults(true).parse(json);
    } catch (RuntimeException e) {
      throw new GovernanceException(
          RejectionCode.INVALID_SCHEMA,
          "not a valid Avro schema: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new GovernanceException(
          RejectionCode.INVALID_SCHEMA,
          "a data product schema must be an Avro record, not " + schema.getType());
    }
    return schema;
  }

  public static List<SchemaField> fields(Schema record) {
    return record.getFields().stream()
        .map(f -> new SchemaField(f.name(), f.schema().toString(), optional(f)))
        .toList();
  }

  /**
   * The top-level fields a change from {@code previous} to {@code candidate} touches: removed
   * fields, fields whose type or default changed, and new fields without a default.
   */
  public static Set<String> touchedFields(Schema previous, Schema candidate) {
    Map<String, Schema.Field> before = byName(previous);
    Map<String, Schema.Field> after = byName(candidate);
    Set<String> touched = new LinkedHashSet<>();
    before.forEach(
        (name, field) -> {
          Schema.Field now = after.get(name);
          if (now == null
              || !now.schema().equals(field.schema())
              || now.hasDefaultValue() != field.hasDefaultValue()) {
            touched.add(name);
          }
        });
    after.forEach(
        (name, field) -> {
          if (!before.containsKey(name) && !field.hasDefaultValue()) {
            touched.add(name);
          }
        });
    return touched;
  }

  private static Map<String, Schema.Field> byName(Schema record) {
    return record.getFields().stream()
        .collect(Collectors.toMap(Schema.Field::name, Function.identity()));
  }

  private static boolean optional(Schema.Field field) {
    if (field.hasDefaultValue()) {
      return true;
    }
    Schema type = field.schema();
    return type.getType() == Schema.Type.NULL
        || (type.getType() == Schema.Type.UNION
            && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL));
  }
}
