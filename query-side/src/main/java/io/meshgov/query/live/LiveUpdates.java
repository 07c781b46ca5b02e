package io.meshgov.query.live;

import io.meshgov.api.ErrorCategory;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.projection.GraphProjector;
import io.meshgov.lineage.query.InboxItem;
import io.meshgov.query.error.QueryError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Pushes what the graph has just applied to those listening: new inbox items to their person,
 * product changes to whoever watches the product. Told by the projector after each commit, so an
 * item is pushed only once it can also be read through {@code inbox}.
 *
 * <p>Bounded everywhere: at most {@code maxSubscriptions} streams at once and {@code perPerson} per
 * person; a stream that cannot keep up loses its oldest undelivered items beyond {@link #BUFFER}
 * (the client reads what it missed through {@code inbox}) and never holds up the feed or other
 * listeners; every stream ends when its token expires.
 */
public final class LiveUpdates implements Consumer<GraphProjector.Applied> {

  /** Items held for one slow stream before the oldest are dropped. */
  static final int BUFFER = 256;

  /**
   * Events older than this are history (a feed catching up, a rebuild of the topic): what they
   * caused is read through {@code inbox}, not pushed.
   */
  static final Duration LIVE_WINDOW = Duration.ofMinutes(10);

  private final Clock clock;
  private final int maxSubscriptions;
  private final int perPerson;
  private final Sinks.Many<InboxItem> items = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ProductChange> changes = Sinks.many().multicast().directBestEffort();
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> openByPerson = new ConcurrentHashMap<>();

  public LiveUpdates(int maxSubscriptions, int perPerson) {
    this(Clock.systemUTC(), maxSubscriptions, perPerson);
  }

  LiveUpdates(Clock clock, int maxSubscriptions, int perPerson) {
    this.clock = clock;
    this.maxSubscriptions = maxSubscriptions;
    this.perPerson = perPerson;
  }

  /**
   * Called by the projector, on its thread, after a commit, with the events it applied and the
   * inbox items they created: nothing is read back from the graph here.
   */
  @Override
  public synchronized void accept(GraphProjector.Applied applied) {
    Instant recent = clock.instant().minus(LIVE_WINDOW);
    if (changes.currentSubscriberCount() > 0) {
      for (GovernanceEvent event : applied.events()) {
        if (event.time().isBefore(recent)) {
          continue;
        }
        String product = productOf(event.payload());
        if (product != null) {
          changes.tryEmitNext(
              new ProductChange(
                  product,
                  event.payload().getClass().getSimpleName().replaceFirst("Event$", ""),
                  event.position(),
                  event.time(),
                  event.actor()));
        }
      }
    }
    if (items.currentSubscriberCount() > 0) {
      for (var node : applied.inboxItems()) {
        InboxItem item = InboxItem.of(node);
        if (item.time() != null && !item.time().isBefore(recent)) {
          items.tryEmitNext(item);
        }
      }
    }
  }

  private static String productOf(Object payload) {
    if (payload instanceof DataProductEvent e) {
      return e.productId().value();
    }
    if (payload instanceof SubscriptionEvent e) {
      return e.product().value();
    }
    return null;
  }

  /** The person's new inbox items as they arrive, for at most {@code lifetime}. */
  public Flux<InboxItem> inboxOf(String person, Duration lifetime) {
    return bounded(person, items.asFlux().filter(i -> i.person().equals(person)), lifetime);
  }

  /** The changes of one product as they happen, for at most {@code lifetime}. */
  public Flux<ProductChange> changesOf(String product, String person, Duration lifetime) {
    return bounded(person, changes.asFlux().filter(c -> c.productId().equals(product)), lifetime);
  }

  private <T> Flux<T> bounded(String person, Flux<T> source, Duration lifetime) {
    return Flux.defer(
        () -> {
          if (open.incrementAndGet() > maxSubscriptions) {
            open.decrementAndGet();
            return Flux.error(
                new QueryError(
                    ErrorCategory.UNAVAILABLE,
                    "the server serves " + maxSubscriptions + " live subscriptions already"));
          }
          boolean[] admitted = {false};
          openByPerson.compute(
              person,
              (p, n) -> {
                int now = n == null ? 0 : n;
                admitted[0] = now < perPerson;
                return admitted[0] ? now + 1 : (now == 0 ? null : now);
              });
          if (!admitted[0]) {
            open.decrementAndGet();
            return Flux.error(
                new QueryError(
                    ErrorCategory.QUERY_TOO_COMPLEX,
                    "at most " + perPerson + " live subscriptions per person"));
          }
          return source
              .onBackpressureBuffer(BUFFER, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST)
              .take(lifetime)
              .doFinally(
                  signal -> {
                    open.decrementAndGet();
                    openByPerson.computeIfPresent(person, (p, n) -> n <= 1 ? null : n - 1);
                  });
        });
  }

  /** How many live streams are open, for metrics and tests. */
  public int openSubscriptions() {
    return open.get();
  }
}
