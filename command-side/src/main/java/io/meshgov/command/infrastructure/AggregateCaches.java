package io.meshgov.command.infrastructure;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * The aggregates a command service keeps in memory between commands, one Axon cache per aggregate
 * type (ids of different types may be equal), for Axon's caching repository: an aggregate found in
 * memory is used only if the store's last sequence number for it is the one it was cached at (one
 * probe of the store's unique index, in the command's transaction; in a bulk batch or a group of
 * commands, the batch's one question, which the batch checks again before it commits: decision 82),
 * otherwise it is dropped and read from the store. So a command is never decided on a state another
 * command service (or a bulk batch not yet committed, or one rolled back) left behind: not the ones
 * that append (the store's unique key would refuse those anyway) and not the ones that change
 * nothing or are refused (which nothing else would catch).
 *
 * <p>Weak references (Axon's own cache, no library): an entry lasts until the next collection that
 * finds it, so the cache can never hold more than the heap can spare; it serves the commands that
 * follow each other on one aggregate, which is what imports, pipelines and people do.
 */
final class AggregateCaches {

  /** Axon keeps the version an aggregate was cached at in a field without an accessor. */
  private static final Field VERSION;

  static {
    try {
      VERSION = AggregateCacheEntry.class.getDeclaredField("version");
      VERSION.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("Axon's AggregateCacheEntry has no version field", e);
    }
  }

  private final boolean enabled;
  private final Map<Class<?>, Cache> caches = new ConcurrentHashMap<>();

  AggregateCaches(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The cache of one aggregate type, checking each entry against {@code lastSequence} (the store's
   * last sequence number of an aggregate, null when it has none).
   */
  Cache of(Class<?> aggregateType, Function<String, Long> lastSequence) {
    return new Verified(
        caches.computeIfAbsent(aggregateType, type -> new WeakReferenceCache()), lastSequence);
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

  private final class Verified implements Cache {
    private final Cache entries;
    private final Function<String, Long> lastSequence;

    Verified(Cache entries, Function<String, Long> lastSequence) {
      this.entries = entries;
      this.lastSequence = lastSequence;
    }

    @Override
    public <K, V> V get(K key) {
      V value = entries.get(key);
      if (value instanceof AggregateCacheEntry<?> entry) {
        Long cachedAt;
        try {
          cachedAt = (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (!Objects.equals(cachedAt, lastSequence.apply(key.toString()))) {
          entries.remove(key);
          return null;
        }
      }
      return value;
    }

    @Override
    public void put(Object key, Object value) {
      entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
      return entries.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
      return entries.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
      return entries.remove(key);
    }

    @Override
    public void removeAll() {
      entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
      return entries.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
      entries.computeIfPresent(key, update);
    }
  }
}
