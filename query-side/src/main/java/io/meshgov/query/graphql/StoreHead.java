package io.meshgov.query.graphql;

/**
 * The position of the newest event in the event store, wherever it is (this process's store, or the
 * command service's): a read that waits for a position beyond it would wait for nothing.
 */
@FunctionalInterface
public interface StoreHead {

  /** The store's newest position, -1 when it is empty. */
  long position();
}
