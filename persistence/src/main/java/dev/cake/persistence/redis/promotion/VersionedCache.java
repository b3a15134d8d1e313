package dev.cake.persistence.redis.promotion;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * An in-process cache whose entries carry the version they were loaded under: an entry answers only a read that
 * presents the same version, so a change announced anywhere (a new version) is never answered from an older load.
 * Concurrent misses of one key and version share one load; a failed load is not kept. Entries live at most
 * {@code maxAge}, the bound on staleness should a version change itself be lost.
 */
final class VersionedCache<K, V> {
  private record Load<V>(String version, CompletableFuture<V> value) {
    boolean answers(String version) {
      return this.version.equals(version) && !value.isCompletedExceptionally();
    }
  }

  private final Cache<K, Load<V>> cache;
  private final ConcurrentMap<K, Load<V>> map;

  VersionedCache(long maxEntries, Duration maxAge) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(maxAge)
        .executor(Runnable::run) // upkeep on the calling thread, in passing: no thread of its own
        .build();
    this.map = cache.asMap();
  }

  V get(K key, String version, Supplier<V> loader) {
    while (true) {
      Load<V> old = map.get(key);
      if (old != null && old.answers(version)) {
        try {
          return old.value().join(); // done: a hit; in flight: share the load
        } catch (CompletionException e) {
          continue; // that load failed (and is being removed): take part in the next one
        }
      }
      var mine = new Load<V>(version, new CompletableFuture<>());
      boolean won = old == null ? map.putIfAbsent(key, mine) == null : map.replace(key, old, mine);
      if (!won) continue;
      try {
        V value = loader.get();
        mine.value().complete(value);
        return value;
      } catch (RuntimeException e) {
        mine.value().completeExceptionally(e);
        map.remove(key, mine);
        throw e;
      }
    }
  }

  void invalidate(K key) {
    cache.invalidate(key);
  }

  void invalidateAll() {
    cache.invalidateAll();
  }

  long size() {
    return cache.estimatedSize();
  }
}
