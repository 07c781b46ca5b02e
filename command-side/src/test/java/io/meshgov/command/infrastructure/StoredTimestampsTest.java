package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;

class StoredTimestampsTest {

  @Test
  void reads_every_time_axon_writes_as_axon_reads_it() {
    Random random = new Random(7);
    List<Instant> times =
        new java.util.ArrayList<>(
            List.of(
                Instant.parse("2026-11-28T10:15:30Z"),
                Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.001Z"),
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z")));
    for (int i = 0; i < 10_000; i++) {
      times.add(Instant.ofEpochMilli(random.nextLong(-62_135_596_800_000L, 253_402_300_799_999L)));
    }
    for (Instant time : times) {
      String text = DateTimeUtils.formatInstant(time);
      assertThat(StoredTimestamps.parse(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
    }
  }

  @Test
  void other_forms_are_read_by_axon() {
    for (String text :
        List.of(
            "2026-11-28t10:15:30.123z",
            "2026-11-28T10:15:30.123456Z",
            "2026-11-28T10:15:30Z",
            "2026-11-28T12:15:30.123+02:00",
            "+12026-11-28T10:15:30.123Z")) {
      assertThat(StoredTimestamps.parse(text)).as(text).isEqualTo(DateTimeUtils.parseInstant(text));
    }
  }

  @Test
  void what_axon_refuses_is_refused_the_same_way() {
    for (String text :
        List.of(
            "2026-02-30T10:15:30.123Z",
            "2026-13-01T10:15:30.123Z",
            "2026-11-28T24:00:00.000Z",
            "2026-11-28T10:60:00.000Z",
            "2026-11-28T10:15:3x.123Z",
            "2026-11-28 10:15:30.123Z")) {
      assertThatThrownBy(() -> StoredTimestamps.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }
}
