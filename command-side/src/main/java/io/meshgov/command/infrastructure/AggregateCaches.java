package io.meshgov.command.infrastructure;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;

/**
 * The aggregates a command service keeps in memory between commands, one Axon cache per aggregate
 * type (ids of different types may be equal). Axon's caching repository loads an aggregate from the
 * store only when its cache has lost it, and drops it from the cache when a unit of work that
 * loaded it rolls back. Another command service on the same store is caught by the optimistic lock:
 * a command decided on a stale aggregate appends at a sequence the other already took, the store
 * refuses it, the unit of work rolls back and the aggregate is dropped; {@link GovernanceCommands}
 * then sends the command once more on the stored stream.
 *
 * <p>Weak references: an aggregate stays while something holds it or until the collector takes it,
 * so the cache can never hold more than the heap can spare (Axon's own cache; no library).
 *
 * <p>The bulk form commits many units of work inside one database transaction: when that
 * transaction rolls back, their aggregates are cached with events the store does not have, so the
 * bulk form drops them with {@link #forget}.
 */
final class AggregateCaches {

  private final boolean enabled;
  private final Map<Class<?>, Cache> caches = new ConcurrentHashMap<>();

  AggregateCaches(boolean enabled) {
    this.enabled = enabled;
  }

  /** The cache of one aggregate type ({@link NoCache} when caching is off). */
  Cache of(Class<?> aggregateType) {
    if (!enabled) {
      return NoCache.INSTANCE;
    }
    return caches.computeIfAbsent(aggregateType, type -> new WeakReferenceCache());
  }

  /** Drops the aggregates of these ids, of whatever type, from memory. */
  void forget(Collection<String> aggregateIds) {
    for (Cache cache : caches.values()) {
      for (String id : aggregateIds) {
        cache.remove(id);
      }
    }
  }

  boolean enabled() {
    return enabled;
  }
}
