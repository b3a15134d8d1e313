package dev.cake.persistence.redis.auth;

import dev.cake.core.auth.ProfileCache;
import dev.cake.persistence.PersistenceSettings.RedisSettings;
import dev.cake.persistence.redis.RedisKeys;
import dev.cake.logging.ThrottledWarning;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Profiles as ready JSON under {@code profile:{id}}, guarded by a version counter {@code profile:v:{id}}.
 * A hit costs one GET. An invalidation bumps the version and deletes the entry; a fill is a small script that
 * writes only if the version is still the one read before the database was queried, so a slow reader can never put
 * an old profile back. Every invalidation is also published on {@code profile:changes} for the replicas' in-process
 * near caches.
 */
@Singleton
public final class RedisProfileCache implements ProfileCache {
  private static final Logger log = LoggerFactory.getLogger(RedisProfileCache.class);

  private static final String FILL = """
      if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        return 1
      end
      return 0""";
  private static final String INVALIDATE = """
      redis.call('INCR', KEYS[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[1])
      redis.call('DEL', KEYS[1])
      redis.call('PUBLISH', KEYS[3], ARGV[2])
      return 1""";

  private final RedisClient redis;
  private final RedisKeys keys;
  private final long ttlMillis;
  private final ThrottledWarning lookupFailed =
      new ThrottledWarning(log, "profile cache unavailable, reading from the database: {}");
  private final ThrottledWarning fillFailed = new ThrottledWarning(log, "profile cache fill failed: {}");

  @Inject
  public RedisProfileCache(RedisClient redis, RedisKeys keys, RedisSettings settings) {
    this.redis = redis;
    this.keys = keys;
    this.ttlMillis = settings.profileCacheTtl().toMillis();
  }

  @Override
  public Lookup lookup(long userId) {
    try {
      byte[] json = redis.get(bytes(keys.key("profile", userId)));
      if (json != null) return new Lookup(json, null);
      String version = redis.get(keys.key("profile:v", userId));
      return new Lookup(null, version == null ? "0" : version);
    } catch (JedisException e) {
      lookupFailed.warn(e);
      return new Lookup(null, null);
    }
  }

  @Override
  public void fill(long userId, Lookup seen, byte[] json) {
    if (seen.version() == null) return; // the cache was down when we looked: do not write blind
    try {
      redis.eval(bytes(FILL),
          List.of(bytes(keys.key("profile", userId)), bytes(keys.key("profile:v", userId))),
          List.of(bytes(seen.version()), json, bytes(Long.toString(ttlMillis))));
    } catch (JedisException e) {
      fillFailed.warn(e);
    }
  }

  @Override
  public void invalidate(long userId) {
    try {
      redis.eval(INVALIDATE, List.of(keys.key("profile", userId), keys.key("profile:v", userId),
              keys.key(RedisProfileChanges.CHANNEL)),
          List.of(Long.toString(ttlMillis + 60_000), Long.toString(userId)));
    } catch (JedisException e) {
      log.warn("profile cache invalidation failed for user {}: {}", userId, e.toString());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
