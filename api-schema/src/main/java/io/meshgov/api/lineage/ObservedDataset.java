package io.meshgov.api.lineage;

import io.meshgov.api.DatasetName;
import io.meshgov.api.Values;
import java.util.List;

/**
 * A dataset as a pipeline reported it (OpenLineage naming), with what meshgov reads of its facets:
 * the schema it was seen with (the {@code schema} facet; null when not reported), the field
 * mappings that produced it (the {@code columnLineage} facet) and the owners the pipeline claims
 * for it (the {@code ownership} facet).
 */
public record ObservedDataset(
    String namespace,
    String name,
    List<ObservedField> schema,
    List<ColumnMapping> columnLineage,
    List<String> owners) {

  /** Fields of one dataset's schema taken. */
  public static final int FIELDS = 2_000;

  public ObservedDataset {
    DatasetName dataset = DatasetName.of(namespace, name);
    namespace = dataset.namespace();
    name = dataset.name();
    schema = schema == null ? null : Values.list(schema, "schema fields", FIELDS);
    columnLineage = Values.list(columnLineage, "column lineage fields", FIELDS);
    owners = Values.list(owners, "owners", 100);
    for (String owner : owners) {
      Values.requiredText(owner, "owner", 500);
    }
  }

  public DatasetName dataset() {
    return DatasetName.of(namespace, name);
  }

  /** A field of an observed schema: its name and type as the facet gives it. */
  public record ObservedField(String name, String type) {
    public ObservedField {
      name = Values.requiredText(name, "field name", 256);
      type = Values.text(type, "field type", 500);
    }
  }

  /** One field of this dataset and the input fields it was computed from. */
  public record ColumnMapping(String field, List<InputField> inputs) {
    public ColumnMapping {
      field = Values.requiredText(field, "field name", 256);
      inputs = Values.list(inputs, "input fields", FIELDS);
    }
  }

  /** A field of another dataset that a mapping reads. */
  public record InputField(String namespace, String name, String field) {
    public InputField {
      DatasetName dataset = DatasetName.of(namespace, name);
      namespace = dataset.namespace();
      name = dataset.name();
      field = Values.requiredText(field, "field name", 256);
    }
  }

  /** The whole dataset, for messages. */
  @Override
  public String toString() {
    return namespace + " " + name;
  }
}
