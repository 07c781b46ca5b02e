package io.meshgov.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgov.api.GovernanceException;
import io.meshgov.api.RejectionCode;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AvroSchemasTest {

  private static Schema record(String fields) {
    return AvroSchemas.parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  private static final String ID = "{\"name\":\"id\",\"type\":\"string\"}";
  private static final String AMOUNT = "{\"name\":\"amount\",\"type\":\"long\"}";

  @Test
  void a_removed_field_is_touched() {
    assertThat(AvroSchemas.touchedFields(record(ID + "," + AMOUNT), record(ID)))
        .containsExactly("amount");
  }

  @Test
  void a_retyped_field_is_touched() {
    assertThat(
            AvroSchemas.touchedFields(
                record(ID + "," + AMOUNT),
                record(ID + ",{\"name\":\"amount\",\"type\":\"string\"}")))
        .containsExactly("amount");
  }

  @Test
  void a_field_whose_default_appears_is_touched() {
    assertThat(
            AvroSchemas.touchedFields(
                record(ID + "," + AMOUNT),
                record(ID + ",{\"name\":\"amount\",\"type\":\"long\",\"default\":0}")))
        .containsExactly("amount");
  }

  @Test
  void a_new_field_without_a_default_is_touched_and_one_with_a_default_is_not() {
    assertThat(
            AvroSchemas.touchedFields(
                record(ID),
                record(
                    ID
                        + ",{\"name\":\"currency\",\"type\":\"string\"}"
                        + ",{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}")))
        .containsExactly("currency");
  }

  @Test
  void an_unchanged_schema_touches_nothing() {
    assertThat(AvroSchemas.touchedFields(record(ID + "," + AMOUNT), record(ID + "," + AMOUNT)))
        .isEmpty();
  }

  @Test
  void anything_but_an_avro_record_is_an_invalid_schema() {
    assertThatThrownBy(() -> AvroSchemas.parse("\"string\""))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.INVALID_SCHEMA));
    assertThatThrownBy(() -> AvroSchemas.parse("{nope"))
        .isInstanceOfSatisfying(
            GovernanceException.class,
            e -> assertThat(e.code()).isEqualTo(RejectionCode.INVALID_SCHEMA));
  }
}
