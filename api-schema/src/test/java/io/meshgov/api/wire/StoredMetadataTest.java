package io.meshgov.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.wire.StoredEvents.StoredMetadata;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the governance fields of stored metadata without building it. */
class StoredMetadataTest {

  private static StoredMetadata read(String json) {
    return StoredEvents.metadata(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void the_four_fields_are_read_among_others_nested_ones_skipped() {
    assertThat(
            read(
                "{\"roles\":[\"steward\",{\"actor\":\"mallory\"}],\"actor\":\"alice\","
                    + "\"reason\":\"clean-up\",\"nested\":{\"reason\":\"no\"},"
                    + "\"correlationId\":\"c-1\",\"causationId\":\"c-0\",\"n\":3}"))
        .isEqualTo(new StoredMetadata("alice", "clean-up", "c-1", "c-0", false));
  }

  @Test
  void fields_absent_or_not_text_are_null_and_the_last_of_a_repeated_field_counts() {
    assertThat(
            read("{\"actor\":7,\"reason\":null,\"correlationId\":\"a\",\"correlationId\":\"b\"}"))
        .isEqualTo(new StoredMetadata(null, null, "b", null, false));
    assertThat(StoredEvents.metadata(null))
        .isEqualTo(new StoredMetadata(null, null, null, null, false));
    assertThat(read("[\"actor\",\"alice\"]"))
        .isEqualTo(new StoredMetadata(null, null, null, null, false));
  }

  @Test
  void metadata_that_is_not_json_says_so() {
    assertThat(read("{\"actor\":\"alice\"").unreadable()).isTrue();
    assertThat(read("{actor: alice}").unreadable()).isTrue();
  }
}
