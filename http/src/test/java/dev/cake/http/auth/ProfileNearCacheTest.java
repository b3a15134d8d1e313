package dev.cake.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.http.testing.TestApi;
import dev.cake.persistence.testing.Poll;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API replicas (same database, same Redis) with a long near-cache lifetime: a login on one replica is never
 * answered with an older profile on the other.
 */
class ProfileNearCacheTest {
  static TestApi a;
  static TestApi b;

  @BeforeAll
  static void start() throws InterruptedException {
    var longNearCache = Map.of("CAKE_PROFILE_NEAR_CACHE_TTL", "60s");
    a = new TestApi(longNearCache);
    b = new TestApi(longNearCache);
    if (!Poll.until(() -> a.component.profileChanges().live() && b.component.profileChanges().live(),
        Duration.ofSeconds(10))) {
      throw new AssertionError("profile change feed not live");
    }
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
    // stopping the API ends its profile change feed (the subscription and its thread)
    assertThat(a.component.profileChanges().live()).isFalse();
    assertThat(b.component.profileChanges().live()).isFalse();
  }

  @Test
  void aLoginOnOneReplicaIsVisibleOnTheOtherAtOnce() throws Exception {
    var reg = TestApi.newRegistration();
    String oldToken = a.post("/auth/register", reg, null).json().get("access_token").asText();
    // replica B caches the profile (no login yet)
    assertThat(b.get("/auth/profile", oldToken).json().get("latestLogin").isNull()).isTrue();
    // prove B answers from memory: change the row and drop the Redis copy behind every cache's back
    String userId = b.get("/auth/profile", oldToken).json().get("id").asText();
    a.component.jdbi().useHandle(h -> h.execute("UPDATE users SET fullname = 'Changed behind the caches' "
        + "WHERE id = ?", Long.parseLong(userId)));
    a.component.redis().del(a.config.persistence().redis().keyPrefix() + "profile:" + userId);
    assertThat(b.get("/auth/profile", oldToken).json().get("fullname").asText()).isEqualTo(reg.get("fullname"));

    for (int i = 0; i < 3; i++) {
      var login = a.login((String) reg.get("username"), "correct-horse");
      String latest = login.at("/user/latestLogin").asText();
      // the new session's token: never an older profile, not even for the milliseconds the eviction travels
      var fresh = b.get("/auth/profile", login.get("access_token").asText()).json();
      assertThat(fresh.get("latestLogin").asText()).isEqualTo(latest);
      assertThat(fresh.get("fullname").asText()).isEqualTo("Changed behind the caches");
      // an older session sees the change as soon as the eviction arrives (pub/sub: well under a second; waited for
      // up to 10 s, still far inside the 60 s lifetime, so only the eviction can make it visible)
      String seen = Poll.until(latest::equals,
          () -> b.get("/auth/profile", oldToken).json().get("latestLogin").asText(), Duration.ofSeconds(10));
      assertThat(seen).isEqualTo(latest);
      Thread.sleep(5); // distinct login times
    }
  }

  @Test
  void theSameReplicaNeverServesItsOwnStaleEntry() {
    var reg = TestApi.newRegistration();
    String token = a.post("/auth/register", reg, null).json().get("access_token").asText();
    assertThat(a.get("/auth/profile", token).json().get("latestLogin").isNull()).isTrue();
    var login = a.login((String) reg.get("username"), "correct-horse");
    assertThat(a.get("/auth/profile", token).json().get("latestLogin").asText())
        .isEqualTo(login.at("/user/latestLogin").asText());
  }
}
