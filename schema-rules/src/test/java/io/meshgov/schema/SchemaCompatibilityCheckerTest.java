package io.meshgov.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.CompatibilityMode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility modes as Confluent Schema Registry defines them, checked with Avro's own
 * reader/writer check: for every mode, each kind of change is accepted or rejected.
 */
class SchemaCompatibilityCheckerTest {

  private static final String ID = "{\"name\":\"id\",\"type\":\"string\"}";
  private static final String AMOUNT = "{\"name\":\"amount\",\"type\":\"long\"}";
  private static final String V1 = record(ID, AMOUNT);

  private static final String ADD_OPTIONAL_FIELD =
      record(ID, AMOUNT, "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}");
  private static final String ADD_REQUIRED_FIELD =
      record(ID, AMOUNT, "{\"name\":\"note\",\"type\":\"string\"}");
  private static final String REMOVE_FIELD = record(ID);
  private static final String CHANGE_TYPE = record(ID, "{\"name\":\"amount\",\"type\":\"string\"}");

  private static String record(String... fields) {
    return "{\"type\":\"record\",\"name\":\"Settlement\",\"fields\":["
        + String.join(",", fields)
        + "]}";
  }

  static Stream<Arguments> changes() {
    // mode, change, accepted?
    return Stream.of(
        Arguments.of(CompatibilityMode.NONE, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.NONE, "add required field", ADD_REQUIRED_FIELD, true),
        Arguments.of(CompatibilityMode.NONE, "remove field", REMOVE_FIELD, true),
        Arguments.of(CompatibilityMode.NONE, "change type", CHANGE_TYPE, true),
        Arguments.of(CompatibilityMode.BACKWARD, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.BACKWARD, "add required field", ADD_REQUIRED_FIELD, false),
        Arguments.of(CompatibilityMode.BACKWARD, "remove field", REMOVE_FIELD, true),
        Arguments.of(CompatibilityMode.BACKWARD, "change type", CHANGE_TYPE, false),
        Arguments.of(CompatibilityMode.FORWARD, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.FORWARD, "add required field", ADD_REQUIRED_FIELD, true),
        Arguments.of(CompatibilityMode.FORWARD, "remove field", REMOVE_FIELD, false),
        Arguments.of(CompatibilityMode.FORWARD, "change type", CHANGE_TYPE, false),
        Arguments.of(CompatibilityMode.FULL, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.FULL, "add required field", ADD_REQUIRED_FIELD, false),
        Arguments.of(CompatibilityMode.FULL, "remove field", REMOVE_FIELD, false),
        Arguments.of(CompatibilityMode.FULL, "change type", CHANGE_TYPE, false),
        Arguments.of(
            CompatibilityMode.BACKWARD_TRANSITIVE, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(
            CompatibilityMode.BACKWARD_TRANSITIVE, "add required field", ADD_REQUIRED_FIELD, false),
        Arguments.of(
            CompatibilityMode.FORWARD_TRANSITIVE, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.FORWARD_TRANSITIVE, "remove field", REMOVE_FIELD, false),
        Arguments.of(
            CompatibilityMode.FULL_TRANSITIVE, "add optional field", ADD_OPTIONAL_FIELD, true),
        Arguments.of(CompatibilityMode.FULL_TRANSITIVE, "change type", CHANGE_TYPE, false));
  }

  @ParameterizedTest(name = "{0}: {1} accepted = {3}")
  @MethodSource("changes")
  void each_mode_accepts_and_rejects_changes_as_the_schema_registry_defines(
      CompatibilityMode mode, String change, String candidate, boolean accepted) {
    List<String> violations = check(mode, candidate, V1);
    if (accepted) {
      assertThat(violations).as(change).isEmpty();
    } else {
      assertThat(violations).as(change).isNotEmpty().allMatch(v -> v.contains("against version 1"));
    }
  }

  @Test
  void violations_name_the_direction_the_kind_and_the_location() {
    assertThat(check(CompatibilityMode.FULL, REMOVE_FIELD, V1))
        .containsExactly(
            "FORWARD against version 1: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1"
                + " (amount)");
    assertThat(check(CompatibilityMode.BACKWARD, ADD_REQUIRED_FIELD, V1))
        .singleElement()
        .asString()
        .startsWith("BACKWARD against version 1: READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("note");
  }

  @Test
  void backward_checks_only_the_latest_version_and_backward_transitive_checks_them_all() {
    String v2 = record(ID, noteWithDefault());
    String v3 = record(ID, "{\"name\":\"note\",\"type\":\"string\"}");
    String v1 = record(ID);
    assertThat(check(CompatibilityMode.BACKWARD, v3, v1, v2)).isEmpty();
    assertThat(check(CompatibilityMode.BACKWARD_TRANSITIVE, v3, v1, v2))
        .singleElement()
        .asString()
        .startsWith("BACKWARD against version 1");
    assertThat(check(CompatibilityMode.FULL, v3, v1, v2)).isEmpty();
    assertThat(check(CompatibilityMode.FULL_TRANSITIVE, v3, v1, v2)).isNotEmpty();
  }

  @Test
  void forward_checks_only_the_latest_version_and_forward_transitive_checks_them_all() {
    String v1 = record(ID, "{\"name\":\"note\",\"type\":\"string\"}");
    String v2 = record(ID, noteWithDefault());
    String v3 = record(ID);
    assertThat(check(CompatibilityMode.FORWARD, v3, v1, v2)).isEmpty();
    assertThat(check(CompatibilityMode.FORWARD_TRANSITIVE, v3, v1, v2))
        .singleElement()
        .asString()
        .startsWith("FORWARD against version 1");
  }

  @Test
  void the_first_version_has_nothing_to_be_compatible_with() {
    assertThat(check(CompatibilityMode.FULL_TRANSITIVE, V1)).isEmpty();
  }

  private static String noteWithDefault() {
    return "{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}";
  }

  private static List<String> check(CompatibilityMode mode, String candidate, String... previous) {
    List<Schema> history = Arrays.stream(previous).map(AvroSchemas::parse).toList();
    return SchemaCompatibilityChecker.violations(mode, AvroSchemas.parse(candidate), history);
  }
}
