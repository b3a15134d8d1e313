package dev.cake.http.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.Principal;
import dev.cake.core.auth.ProfileCache;
import dev.cake.core.auth.ProfileChanges;
import dev.cake.core.auth.SessionService;
import dev.cake.core.auth.User;
import dev.cake.core.auth.UserRepository;
import dev.cake.process.Managed;
import dev.cake.persistence.PersistenceSettings.RedisSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Serves a profile as ready JSON bytes from three levels: this process's near cache (a few seconds), Redis, then
 * PostgreSQL. The near cache answers without a network round trip and is never stale for the caller:
 * <ul>
 *   <li>every change (a login, a role) is published by Redis and evicts the entry in every replica; while that feed
 *       is down, the near cache is off and emptied;</li>
 *   <li>an entry older than the caller's own login (the token's {@code lgn} claim) is never served to that caller,
 *       which covers the milliseconds between a login on one replica and the eviction arriving on another.</li>
 * </ul>
 * The near cache is a Caffeine {@link AsyncCache} of loads: a burst of misses for one user (a cold start, an expiry)
 * shares one load, and a load that an eviction overtakes is dropped by the cache, not kept. The lifecycle
 * {@link #start starts} listening to the feed (until then the near cache is off) and {@link #stop stops} it.
 */
@Singleton
public final class ProfileReader implements LoginListener, Managed {
  private static final long MAX_ENTRIES = 50_000; // ~25 MB of JSON at most

  private record Near(byte[] json, long latestLoginMillis) {}

  private final ProfileCache cache;
  private final ProfileChanges changes;
  private final SessionService sessions;
  private final ObjectMapper json;
  /** Null when the near cache is off (a lifetime of 0). */
  private final AsyncCache<Long, Near> near;
  private ProfileChanges.Subscription subscription;

  @Inject
  public ProfileReader(ProfileCache cache, ProfileChanges changes, SessionService sessions, ObjectMapper json,
                       RedisSettings settings) {
    this.cache = cache;
    this.changes = changes;
    this.sessions = sessions;
    this.json = json;
    if (settings.profileNearCacheTtl().isPositive()) {
      this.near = Caffeine.newBuilder()
          .maximumSize(MAX_ENTRIES)
          .expireAfterWrite(settings.profileNearCacheTtl()) // counted from the end of the load
          .executor(Runnable::run) // upkeep on the calling thread, in passing: no thread of its own
          .buildAsync();
    } else {
      this.near = null;
    }
  }

  /** A login on this replica evicts at once; other replicas hear it through {@link ProfileChanges}. */
  @Override
  public void loggedIn(UserRepository.LoginRecord login) {
    evict(login.user().id());
  }

  /** Also drops a load in progress: what it read may predate the change, so it is not kept. */
  private void evict(long userId) {
    if (near != null) near.synchronous().invalidate(userId);
  }

  public byte[] profileJson(Principal caller) {
    long userId = caller.userId();
    if (near == null || !changes.live()) return load(userId).json();

    CompletableFuture<Near> cached = near.getIfPresent(userId);
    if (cached != null && cached.isDone()) {
      Near entry = cached.getNow(null); // never failed: a failed load completes with null and is not kept
      if (entry != null && entry.latestLoginMillis() >= caller.loginAtMillis()) return entry.json();
      near.asMap().remove(userId, cached); // older than the caller's login: the eviction is on its way
    }
    while (true) {
      var mine = new CompletableFuture<Near>();
      CompletableFuture<Near> shared = near.get(userId, (id, upkeep) -> mine);
      if (shared == mine) return loadInto(mine, userId).json();
      // Another request is loading this profile: its answer is as good as a near-cache entry when it is not older
      // than the caller's login. If it failed, take part in the next load (or run it).
      Near loaded = shared.join();
      if (loaded == null) continue;
      return loaded.latestLoginMillis() >= caller.loginAtMillis() ? loaded.json() : load(userId).json();
    }
  }

  /**
   * Runs the load this request registered, on its own thread. A failure completes the future with null (Caffeine
   * then drops it without logging, and waiting requests retry) and is thrown to this request.
   */
  private Near loadInto(CompletableFuture<Near> mine, long userId) {
    Near loaded = null;
    try {
      loaded = load(userId);
      return loaded;
    } finally {
      mine.complete(loaded);
    }
  }

  /** Redis, else PostgreSQL (which then fills Redis). */
  private Near load(long userId) {
    ProfileCache.Lookup lookup = cache.lookup(userId);
    if (lookup.hit()) return new Near(lookup.json(), latestLoginOf(lookup.json()));
    User user = sessions.profile(userId);
    byte[] body = serialize(user);
    cache.fill(userId, lookup, body);
    return new Near(body, user.latestLogin() == null ? 0 : user.latestLogin().toEpochMilli());
  }

  @Override
  public Stage stage() {
    return Stage.FEEDS;
  }

  /** Listens to the profile change feed (its own thread and Redis connection) when the near cache is on. */
  @Override
  public synchronized void start() {
    if (near == null || subscription != null) return;
    subscription = changes.subscribe(this::evict, () -> near.synchronous().invalidateAll());
  }

  /** Stops listening to the feed and empties the near cache. */
  @Override
  public synchronized void stop() {
    if (subscription != null) subscription.close();
    subscription = null;
    if (near != null) near.synchronous().invalidateAll();
  }

  private byte[] serialize(User user) {
    try {
      return json.writeValueAsBytes(UserResponse.of(user));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private long latestLoginOf(byte[] body) {
    try {
      var node = json.readTree(body).get("latestLogin");
      return node == null || node.isNull() ? 0 : Instant.parse(node.asText()).toEpochMilli();
    } catch (IOException | RuntimeException e) {
      return Long.MIN_VALUE; // unreadable: never good enough for the near cache
    }
  }
}
