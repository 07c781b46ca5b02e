package io.meshgov.api;

import java.util.List;

/**
 * Field-level lineage: the downstream product's {@code outputField} is derived from {@code
 * inputFields} of the upstream product, with a free-text note on the transformation.
 */
public record FieldMapping(String outputField, List<String> inputFields, String transformation) {

  public FieldMapping {
    outputField = Values.requiredText(outputField, "output field", Limits.FIELD_NAME);
    inputFields = Values.fieldNames(inputFields, "input fields");
    if (inputFields.isEmpty()) {
      throw GovernanceException.invalid(
          "field mapping for " + outputField + " names no input field");
    }
    transformation = Values.text(transformation, "transformation", Limits.TEXT);
  }
}
