package io.meshgov.command.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tracking processor's read past its position plus its gaps: the rows Axon's statement asks for,
 * in order, read through the primary key on both sides (not a walk of the whole table on H2).
 */
class ReadWithGapsTest {

  @Test
  void the_rows_past_the_position_and_the_gaps_come_in_order_through_the_index() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:gaps;DB_CLOSE_DELAY=-1")) {
      String schema =
          new String(
              getClass().getResourceAsStream("/db/migration/h2/V1__event_store.sql").readAllBytes(),
              StandardCharsets.UTF_8);
      c.createStatement().execute(schema);
      var insert =
          c.prepareStatement(
              "insert into domain_event_entry (event_identifier, aggregate_identifier,"
                  + " sequence_number, time_stamp, payload_type, payload) values (?, ?, 0, 't', 'p', ?)");
      for (int i = 1; i <= 20; i++) {
        insert.setString(1, "e" + i);
        insert.setString(2, "a" + i);
        insert.setBytes(3, new byte[] {1});
        insert.executeUpdate();
      }
      var read =
          EventStoreSchemas.readWithGaps(c, EventStoreSchemas.events(), 5, 3, List.of(2L, 4L));
      List<Long> positions = new ArrayList<>();
      try (ResultSet rows = read.executeQuery()) {
        while (rows.next()) {
          positions.add(rows.getLong("global_index"));
        }
      }
      assertThat(positions).containsExactly(2L, 4L, 6L, 7L, 8L);

      var plan =
          EventStoreSchemas.readWithGaps(c, EventStoreSchemas.events(), 5, 3, List.of(2L, 4L));
      String sql = plan.toString();
      try (ResultSet explained =
          c.createStatement()
              .executeQuery(
                  "explain select global_index from domain_event_entry where global_index > 5 and"
                      + " global_index <= 8 union all select global_index from domain_event_entry"
                      + " where global_index in (2, 4) order by global_index")) {
        explained.next();
        assertThat(explained.getString(1))
            .contains("GLOBAL_INDEX > CAST(5 AS BIGINT)")
            .contains("GLOBAL_INDEX IN(2, 4) */");
      }
      assertThat(sql).contains("UNION ALL");
    }
  }
}
