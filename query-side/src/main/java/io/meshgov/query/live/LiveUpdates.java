package io.meshgov.query.live;

import io.meshgov.api.ErrorCategory;
import io.meshgov.api.product.DataProductEvent;
import io.meshgov.api.subscription.SubscriptionEvent;
import io.meshgov.api.wire.GovernanceEvent;
import io.meshgov.lineage.query.InboxItem;
import io.meshgov.lineage.query.InboxQueries;
import io.meshgov.query.error.QueryError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
public final class LiveUpdates implements Consumer<List<GovernanceEvent>> {

  /** Items held for one slow stream before the oldest are dropped. */
  static final int BUFFER = 256;

  private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

  private final InboxQueries inbox;
  private final int maxSubscriptions;
  private final int perPerson;
  private final Sinks.Many<InboxItem> items = Sinks.many().multicast().directBestEffort();
  private final Sinks.Many<ProductChange> changes = Sinks.many().multicast().directBestEffort();
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> openByPerson = new ConcurrentHashMap<>();

  public LiveUpdates(InboxQueries inbox, int maxSubscriptions, int perPerson) {
    this.inbox = inbox;
    this.maxSubscriptions = maxSubscriptions;
    this.perPerson = perPerson;
  }

  /** Called by the projector, on its thread, after a commit. */
  @Override
  public synchronized void accept(List<GovernanceEvent> applied) {
    if (changes.currentSubscriberCount() > 0) {
      for (GovernanceEvent event : applied) {
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
      try {
        for (InboxItem item :
            inbox.itemsAt(applied.stream().map(GovernanceEvent::position).toList())) {
          items.tryEmitNext(item);
        }
      } catch (RuntimeException e) {
        // the items are in the graph: a listener reads them through inbox after reconnecting
        log.warn("live inbox items not pushed: {}", e.toString());
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
          AtomicInteger mine = openByPerson.computeIfAbsent(person, p -> new AtomicInteger());
          if (open.incrementAndGet() > maxSubscriptions) {
            open.decrementAndGet();
            return Flux.error(
                new QueryError(
                    ErrorCategory.UNAVAILABLE,
                    "the server serves " + maxSubscriptions + " live subscriptions already"));
          }
          if (mine.incrementAndGet() > perPerson) {
            mine.decrementAndGet();
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
                    if (mine.decrementAndGet() <= 0) {
                      openByPerson.remove(person, mine);
                    }
                  });
        });
  }

  /** How many live streams are open, for metrics and tests. */
  public int openSubscriptions() {
    return open.get();
  }
}
