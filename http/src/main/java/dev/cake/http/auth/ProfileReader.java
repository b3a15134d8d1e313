package dev.cake.http.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cake.core.auth.AuthService;
import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.Principal;
import dev.cake.core.auth.ProfileCache;
import dev.cake.core.auth.ProfileChanges;
import dev.cake.core.auth.User;
import dev.cake.core.auth.UserRepository;
import dev.cake.persistence.PersistenceSettings.RedisSettings;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a profile as ready JSON bytes from three levels: this process's near cache (a few seconds), Redis, then
 * PostgreSQL. The near cache answers without a network round trip and is never stale for the caller:
 * <ul>
 *   <li>every change (a login, a role) is published by Redis and evicts the entry in every replica; while that feed
 *       is down, the near cache is off and emptied;</li>
 *   <li>an entry older than the caller's own login (the token's {@code lgn} claim) is never served to that caller,
 *       which covers the milliseconds between a login on one replica and the eviction arriving on another.</li>
 * </ul>
 */
@Singleton
public final class ProfileReader implements LoginListener {
  private static final int MAX_ENTRIES = 50_000; // ~25 MB of JSON at most; emptied when reached

  private record Near(byte[] json, long latestLoginMillis, long expiresAtNanos) {}

  /** One load from Redis or PostgreSQL; {@code unchanged} when no profile change was seen while it ran. */
  private record Loaded(byte[] json, long latestLoginMillis, boolean unchanged) {}

  private final ProfileCache cache;
  private final ProfileChanges changes;
  private final Provider<AuthService> auth; // a Provider: AuthService's login listeners include this reader
  private final ObjectMapper json;
  private final long nearTtlNanos;
  private final ConcurrentHashMap<Long, Near> near = new ConcurrentHashMap<>();
  /** Loads in progress: a burst of misses for one user (a cold start, an expiry) waits for one load, not one each. */
  private final ConcurrentHashMap<Long, CompletableFuture<Loaded>> loading = new ConcurrentHashMap<>();
  /** Bumped by every change seen; an entry loaded while it moved may be older than the change: not kept. */
  private final AtomicLong changesSeen = new AtomicLong();

  @Inject
  public ProfileReader(ProfileCache cache, ProfileChanges changes, Provider<AuthService> auth, ObjectMapper json,
                       RedisSettings settings) {
    this.cache = cache;
    this.changes = changes;
    this.auth = auth;
    this.json = json;
    this.nearTtlNanos = settings.profileNearCacheTtl().toNanos();
    if (nearTtlNanos > 0) changes.subscribe(this::evict, () -> {
      changesSeen.incrementAndGet();
      near.clear();
    });
  }

  /** A login on this replica evicts at once; other replicas hear it through {@link ProfileChanges}. */
  @Override
  public void loggedIn(UserRepository.LoginRecord login) {
    evict(login.user().id());
  }

  private void evict(long userId) {
    changesSeen.incrementAndGet();
    near.remove(userId);
  }

  public byte[] profileJson(Principal caller) {
    long userId = caller.userId();
    boolean useNear = nearTtlNanos > 0 && changes.live();
    if (useNear) {
      Near entry = near.get(userId);
      if (entry != null && System.nanoTime() < entry.expiresAtNanos()
          && entry.latestLoginMillis() >= caller.loginAtMillis()) {
        return entry.json();
      }
    }
    if (!useNear) return load(userId).json();

    var mine = new CompletableFuture<Loaded>();
    CompletableFuture<Loaded> inFlight = loading.putIfAbsent(userId, mine);
    if (inFlight != null) {
      // Another request is loading this profile: its answer is as good as a near-cache entry when no change was
      // seen while it loaded and it is not older than the caller's login. Otherwise, or if it failed, load again.
      Loaded shared = inFlight.exceptionally(e -> null).join();
      if (shared != null && shared.unchanged() && shared.latestLoginMillis() >= caller.loginAtMillis()) {
        return shared.json();
      }
      return load(userId).json();
    }
    try {
      Loaded loaded = load(userId);
      if (loaded.unchanged() && changes.live()) {
        if (near.size() >= MAX_ENTRIES) near.clear();
        near.put(userId, new Near(loaded.json(), loaded.latestLoginMillis(), System.nanoTime() + nearTtlNanos));
      }
      mine.complete(loaded);
      return loaded.json();
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(userId, mine);
    }
  }

  /** Redis, else PostgreSQL (which then fills Redis). */
  private Loaded load(long userId) {
    long changesBefore = changesSeen.get();
    ProfileCache.Lookup lookup = cache.lookup(userId);
    byte[] body;
    long latestLogin;
    if (lookup.hit()) {
      body = lookup.json();
      latestLogin = latestLoginOf(body);
    } else {
      User user = auth.get().profile(userId);
      body = serialize(user);
      latestLogin = user.latestLogin() == null ? 0 : user.latestLogin().toEpochMilli();
      cache.fill(userId, lookup, body);
    }
    return new Loaded(body, latestLogin, changesSeen.get() == changesBefore);
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
