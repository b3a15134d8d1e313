package dev.cake.persistence.redis.promotion;

import dev.cake.core.promotion.Campaign;
import dev.cake.core.promotion.CampaignRepository;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository;
import dev.cake.core.promotion.PromotionViews;
import dev.cake.core.promotion.UserPromotion;
import dev.cake.logging.ThrottledWarning;
import dev.cake.persistence.redis.RedisKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * A user's promotions and the active campaigns, served from this process's memory and correct to the last write on
 * any replica (docs/ARCHITECTURE.md, "Reads at scale").
 *
 * <p>Every change gets a new random version in Redis ({@code promo:v:{userId}}, {@code promo:v:campaigns}), written
 * by the change's owner after its commit ({@link PromotionChanges}). Every read first fetches the current versions (one
 * round trip, shared by the reads that arrive while another is in flight: {@link SharedTrips}) and is answered from
 * memory only by an entry loaded under those same versions; otherwise it loads from
 * PostgreSQL, tagged with the versions read <em>before</em> the load, so a load that races a change is never kept as
 * current. This gives read-your-writes on every replica without any subscription that could drop: a change is
 * visible to the very next read anywhere. When Redis is down, frozen or breaker-open, reads go to PostgreSQL and this
 * replica forgets every view (changes made meanwhile may not have reached Redis). When Redis loses its data, the
 * versions are drawn anew (a random value never seen before), so nothing older matches. A version write that failed
 * is retried in the background every quarter second until Redis answers; should the process die first, other
 * replicas may miss that change for at most {@link #USER_MAX_AGE}, the entries' lifetime (docs/ARCHITECTURE.md,
 * "Reads at scale").
 *
 * <p>The campaign list also lives at most {@link #CAMPAIGNS_MAX_AGE}: remaining slots change with every enrolment, and
 * announcing each one would reload every replica's list on every first login.
 */
@Singleton
public final class CachedPromotionViews implements PromotionViews, PromotionChanges {
  static final Duration USER_MAX_AGE = Duration.ofMinutes(2);
  static final Duration CAMPAIGNS_MAX_AGE = Duration.ofSeconds(1);
  private static final long MAX_USERS = 200_000;
  private static final Duration VERSION_TTL = Duration.ofDays(1);
  private static final String VERSION_TTL_SECONDS = Long.toString(VERSION_TTL.toSeconds());
  private static final Logger log = LoggerFactory.getLogger(CachedPromotionViews.class);

  /** The current version of each key, drawing one (ARGV[i]) where there is none; ARGV[last] is the keys' TTL. */
  private static final String VERSIONS = """
      local out = {}
      for i, key in ipairs(KEYS) do
        local v = redis.call('GET', key)
        if not v then
          v = ARGV[i]
          redis.call('SET', key, v, 'EX', ARGV[#ARGV])
        end
        out[i] = v
      end
      return out""";

  private final PromotionRepository promotions;
  private final CampaignRepository campaigns;
  private final RedisClient redis;
  private final RedisKeys keys;
  private final String campaignsKey;
  private final VersionedCache<Long, List<UserPromotion>> users = new VersionedCache<>(MAX_USERS, USER_MAX_AGE);
  private final VersionedCache<Boolean, List<Campaign>> active = new VersionedCache<>(1, CAMPAIGNS_MAX_AGE);
  /** Version keys whose write failed, written again before the next Redis call. */
  private final java.util.Set<String> unannounced = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicBoolean retrying = new java.util.concurrent.atomic.AtomicBoolean();
  /** Concurrent reads share version round trips: under load one EVAL answers every read that arrived meanwhile. */
  private final SharedTrips versionTrips = new SharedTrips(this::fetchVersions);
  private final ThrottledWarning unavailable =
      new ThrottledWarning(log, "promotion views unavailable, reading from the database: {}");

  @Inject
  public CachedPromotionViews(PromotionRepository promotions, CampaignRepository campaigns, RedisClient redis,
                              RedisKeys keys) {
    this.promotions = promotions;
    this.campaigns = campaigns;
    this.redis = redis;
    this.keys = keys;
    this.campaignsKey = keys.key("promo:v:campaigns");
  }

  @Override
  public List<UserPromotion> promotionsOf(long userId) {
    String version;
    try {
      version = versions(keys.key("promo:v", userId)).getFirst();
    } catch (JedisException e) {
      forget(e);
      return promotions.promotionsOf(userId);
    }
    return users.get(userId, version, () -> promotions.promotionsOf(userId));
  }

  @Override
  public Standing standing(long userId, Instant now) {
    List<String> versions;
    try {
      versions = versions(keys.key("promo:v", userId), campaignsKey);
    } catch (JedisException e) {
      forget(e);
      return new Standing(promotions.promotionsOf(userId), campaigns.listActive(now));
    }
    var mine = users.get(userId, versions.get(0), () -> promotions.promotionsOf(userId));
    // loaded at most a second ago: drop what ended or had not started at this read's time
    var open = active.get(Boolean.TRUE, versions.get(1), () -> campaigns.listActive(now)).stream()
        .filter(c -> !c.startAt().isAfter(now) && c.endAt().isAfter(now))
        .toList();
    return new Standing(mine, open);
  }

  @Override
  public void userChanged(long userId) {
    bump(keys.key("promo:v", userId));
    users.invalidate(userId);
  }

  @Override
  public void campaignsChanged() {
    bump(campaignsKey);
    active.invalidateAll();
  }

  /** Redis failed us: changes may be going unannounced, so no view of this replica is trusted any more. */
  private void forget(JedisException e) {
    unavailable.warn(e);
    users.invalidateAll();
    active.invalidateAll();
  }

  private void bump(String key) {
    try {
      if (!unannounced.isEmpty()) announcePending();
      announce(key);
    } catch (JedisException e) {
      unannounced.add(key);
      log.warn("promotion change not announced yet ({}), retried until Redis answers: {}", key, e.toString());
      retryInBackground();
    }
  }

  /**
   * Until the pending versions are written (Redis failing over, frozen, breaker open), one virtual thread retries every
   * quarter second, for at most {@link #USER_MAX_AGE}: a process that makes no other Redis call soon (a worker after
   * an enrolment) must not leave other replicas on the old view for that long.
   */
  private void retryInBackground() {
    if (!retrying.compareAndSet(false, true)) return;
    Thread.ofVirtual().name("promotion-announcer").start(() -> {
      long deadline = System.nanoTime() + USER_MAX_AGE.toNanos();
      try {
        while (!unannounced.isEmpty() && System.nanoTime() < deadline) {
          try {
            Thread.sleep(250);
            announcePending();
          } catch (JedisException e) {
            // still failing: try again
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        retrying.set(false);
        if (!unannounced.isEmpty() && System.nanoTime() < deadline) retryInBackground();
      }
    });
  }

  private void announce(String key) {
    redis.set(key, token(), SetParams.setParams().ex(VERSION_TTL.toSeconds()));
  }

  /** Writes a new version for every key whose change is not announced yet (taken off the set before the write). */
  private void announcePending() {
    for (String key : unannounced) {
      if (!unannounced.remove(key)) continue;
      try {
        announce(key);
      } catch (JedisException e) {
        unannounced.add(key);
        throw e;
      }
    }
  }

  private List<String> versions(String... versionKeys) {
    if (!unannounced.isEmpty()) announcePending();
    return versionTrips.get(List.of(versionKeys));
  }

  /** One round trip for the versions of distinct keys, drawing a version for each key that has none. */
  @SuppressWarnings("unchecked")
  private List<String> fetchVersions(List<String> versionKeys) {
    String[] args = new String[versionKeys.size() + 1];
    for (int i = 0; i < versionKeys.size(); i++) args[i] = token();
    args[versionKeys.size()] = VERSION_TTL_SECONDS;
    return (List<String>) redis.eval(VERSIONS, versionKeys, List.of(args));
  }

  /** A version never used before, in practice: 64 random bits (uniqueness, not secrecy, is what counts). */
  private static String token() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong());
  }
}
