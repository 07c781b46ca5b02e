package io.meshgov.command.infrastructure;

import io.meshgov.plumbing.StoreReading;
import java.util.List;
import java.util.function.LongConsumer;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
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
          "lookup_dataset",
          "lookup_subscription_field",
          "lookup_subscription",
          "lookup_lineage_edge",
          "lookup_product_field",
          "lookup_product",
          "lookup_team_member",
          "lookup_team",
          "lookup_domain_owner",
          "lookup_domain");

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
              long[] done = {0};
              StoreReading.replayToHead(
                  store,
                  event -> {
                    if (handlers.canHandle(event)) {
                      handle(handlers, event);
                    }
                    if (++done[0] % 1000 == 0) {
                      progress.accept(done[0]);
                    }
                  });
              progress.accept(done[0]);
              return done[0];
            });
    return replayed == null ? 0 : replayed;
  }

  private static void handle(AnnotationEventHandlerAdapter handlers, EventMessage<?> event) {
    try {
      handlers.handle(event);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }
}
