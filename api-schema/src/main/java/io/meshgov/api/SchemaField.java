package io.meshgov.api;

/**
 * One top-level field of a published schema: its name, its Avro type as JSON, and whether it may be
 * absent (a union with null or a default value).
 */
public record SchemaField(String name, String type, boolean optional) {

  public SchemaField {
    name = Values.requiredText(name, "field name", 256);
    type = Values.requiredText(type, "field type", 20_000);
  }
}
