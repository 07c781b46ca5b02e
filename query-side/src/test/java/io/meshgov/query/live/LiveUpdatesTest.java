package io.meshgov.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgov.api.DataProductId;
import io.meshgov.api.product.DataProductEvent.DataProductRetiredEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.query.error.QueryError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class LiveUpdatesTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final LiveUpdates live = new LiveUpdates(Clock.fixed(NOW, ZoneOffset.UTC), 3, 2);

  private static GovernanceEvent retired(long position, Instant time) {
    return new GovernanceEvent(
        "e" + position,
        "payments.x",
        position,
        position,
        time,
        new DataProductRetiredEvent(DataProductId.of("payments.x")),
        "alice",
        null,
        null,
        null);
  }

  private static Map<String, Object> item(String person, long position, Instant time) {
    Map<String, Object> node = new HashMap<>();
    node.put("id", position + ":UPSTREAM_CHANGED:" + person);
    node.put("person", person);
    node.put("kind", "UPSTREAM_CHANGED");
    node.put("message", "retired");
    node.put("time", time.toEpochMilli());
    node.put("position", position);
    node.put("read", false);
    return node;
  }

  @Test
  void a_person_hears_only_their_own_recent_items() {
    List<String> bobs = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    Disposable a = live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> bobs.add(i.id()));
    Disposable b =
        live.changesOf("payments.x", "bob", Duration.ofHours(1))
            .subscribe(c -> changes.add(c.eventType() + "@" + c.position()));
    Instant old = NOW.minus(LiveUpdates.LIVE_WINDOW).minusSeconds(1);
    live.accept(
        new GraphProjector.Applied(
            List.of(retired(1, old), retired(2, NOW)),
            List.of(item("bob", 1, old), item("bob", 2, NOW), item("fay", 2, NOW))));
    assertThat(bobs).containsExactly("2:UPSTREAM_CHANGED:bob");
    assertThat(changes).containsExactly("DataProductRetired@2");
    a.dispose();
    b.dispose();
    assertThat(live.openSubscriptions()).isZero();
  }

  @Test
  void streams_are_bounded_per_person_and_overall_and_freed_when_they_end() {
    List<Throwable> errors = new ArrayList<>();
    Disposable one = live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    Disposable two = live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    assertThat(errors).singleElement().isInstanceOf(QueryError.class);
    Disposable fay = live.inboxOf("fay", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    live.inboxOf("gus", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    assertThat(errors).hasSize(2);
    assertThat(live.openSubscriptions()).isEqualTo(3);
    one.dispose();
    two.dispose();
    fay.dispose();
    assertThat(live.openSubscriptions()).isZero();
    // freed: bob may open two again
    live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    live.inboxOf("bob", Duration.ofHours(1)).subscribe(i -> {}, errors::add);
    assertThat(errors).hasSize(2);
  }

  @Test
  void a_stream_ends_with_its_lifetime() {
    Boolean ended =
        live.inboxOf("bob", Duration.ofMillis(200))
            .then(reactor.core.publisher.Mono.just(true))
            .block(Duration.ofSeconds(5));
    assertThat(ended).isTrue();
    // the count is released as the stream's last signal goes by, maybe just after the block returns
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (live.openSubscriptions() != 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(live.openSubscriptions()).isZero();
  }
}
