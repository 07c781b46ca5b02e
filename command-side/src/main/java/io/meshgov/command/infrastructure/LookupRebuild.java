package io.meshgov.command.infrastructure;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the command-side lookup tables from the event store: empties them and replays every
 * event, in store order, through the same {@link LookupProjector} that keeps them current. All in
 * one transaction, so nobody decides on half-rebuilt lookups and a failure leaves the old tables as
 * they were. Run it while no commands arrive: a command committed during the rebuild could update a
 * row the rebuild deleted, after the head the rebuild replays to.
 */
public class LookupRebuild {

  /** The lookup tables, children first; the lineage guard row stays. */
  static final List<String> TABLES =
      List.of(
          "lookup_subscription_field",
          "lookup_subscription",
          "lookup_lineage_edge",
          "lookup_product_field",
          "lookup_product",
          "lookup_team_member",
          "lookup_team");

  private final EventStore store;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final LookupProjector projector;

  LookupRebuild(
      EventStore store,
      JdbcTemplate jdbc,
      TransactionTemplate transaction,
      LookupProjector projector) {
    this.store = store;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.projector = projector;
  }

  /**
   * Replays the store into empty lookup tables.
   *
   * @param progress told the number of events replayed so far, every thousand and at the end
   * @return the number of events replayed
   */
  public long rebuild(LongConsumer progress) {
    Long replayed =
        transaction.execute(
            status -> {
              TABLES.forEach(table -> jdbc.update("delete from " + table));
              AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projector);
              TrackingToken headToken = store.createHeadToken();
              long head = headToken == null ? -1 : headToken.position().orElse(-1);
              long done = 0;
              try (BlockingStream<TrackedEventMessage<?>> events = store.openStream(null)) {
                long position = -1;
                while (position < head && events.hasNextAvailable(5, TimeUnit.SECONDS)) {
                  TrackedEventMessage<?> event = events.nextAvailable();
                  position = event.trackingToken().position().orElse(position);
                  if (handlers.canHandle(event)) {
                    handlers.handle(event);
                  }
                  if (++done % 1000 == 0) {
                    progress.accept(done);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the lookup rebuild was interrupted", e);
              } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
              }
              progress.accept(done);
              return done;
            });
    return replayed == null ? 0 : replayed;
  }
}
