package io.meshgov.query.graphql;

import io.meshgov.lineage.query.SchemaVersionSummary;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Which current fields a proposed schema would remove or change: the fields to follow downstream
 * when someone asks what publishing it would break. Compares top-level fields by name and by their
 * Avro type as Avro prints it (the form the graph stores).
 */
final class ProposedSchema {

  private ProposedSchema() {}

  static List<String> touchedFields(String proposed, List<SchemaVersionSummary> versions) {
    Schema schema;
    try {
      schema = new Schema.Parser().setValidateDefaults(true).parse(proposed);
    } catch (RuntimeException e) {
      throw QueryError.invalid("proposedSchema is not a valid Avro schema: " + e.getMessage());
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw QueryError.invalid("proposedSchema must be an Avro record");
    }
    if (versions.isEmpty()) {
      return List.of();
    }
    Map<String, String> current =
        versions.get(versions.size() - 1).fields().stream()
            .collect(
                Collectors.toMap(
                    SchemaVersionSummary.Field::name, SchemaVersionSummary.Field::type));
    Map<String, String> next =
        schema.getFields().stream()
            .collect(Collectors.toMap(Schema.Field::name, f -> f.schema().toString()));
    TreeSet<String> touched = new TreeSet<>();
    current.forEach(
        (name, type) -> {
          if (!type.equals(next.get(name))) {
            touched.add(name);
          }
        });
    return List.copyOf(touched);
  }
}
