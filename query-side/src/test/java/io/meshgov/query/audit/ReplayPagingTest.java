package io.meshgov.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgov.api.DomainName;
import io.meshgov.api.PersonId;
import io.meshgov.api.TeamId;
import io.meshgov.api.TeamRole;
import io.meshgov.api.team.TeamEvent.TeamMemberAddedEvent;
import io.meshgov.api.team.TeamEvent.TeamRegisteredEvent;
import io.meshgov.api.wire.GovernanceEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The as-of replays read a big aggregate a page at a time and stop at the time asked. */
class ReplayPagingTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void a_replay_reads_pages_and_stops_at_the_first_event_after_the_time() {
    List<GovernanceEvent> stream = new ArrayList<>();
    stream.add(event(0, new TeamRegisteredEvent(TeamId.of("big"), "Big", DomainName.of("d"))));
    for (int i = 1; i < 2000; i++) {
      stream.add(
          event(
              i,
              new TeamMemberAddedEvent(TeamId.of("big"), PersonId.of("p" + i), TeamRole.MEMBER)));
    }
    List<long[]> reads = new ArrayList<>();
    AggregateHistory history =
        (id, from, limit) -> {
          reads.add(new long[] {from, limit});
          return stream.stream().skip(from).limit(limit).toList();
        };
    TeamState state =
        new AuditController(history, new ObjectMapper())
            .teamAsOf("big", START.plusSeconds(1200).plusMillis(1));
    assertThat(state.eventsReplayed()).isEqualTo(1201);
    assertThat(state.members()).hasSize(1200);
    assertThat(state.upToSequence()).isEqualTo(1200);
    // three pages of 500 (the third holds the first event after the time), never the whole stream
    assertThat(reads).hasSize(3);
    assertThat(reads).allMatch(r -> r[1] == AuditController.REPLAY_PAGE);
    assertThat(reads.get(2)[0]).isEqualTo(1000);
  }

  private static GovernanceEvent event(long sequence, Object payload) {
    return new GovernanceEvent(
        "e" + sequence,
        "big",
        sequence,
        sequence + 1,
        START.plusSeconds(sequence),
        payload,
        "alice",
        null,
        null,
        null);
  }
}
