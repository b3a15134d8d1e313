package dev.cake.workers.testing;

import static dev.cake.persistence.testing.StartGate.concurrently;

import dev.cake.http.testing.TestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Users who have never logged in, created in one statement, and a burst of their first logins over HTTP. */
public final class Burst {
  public final String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  public final List<String> usernames = new ArrayList<>();
  private final TestApi api;

  public Burst(TestApi api, int users) {
    this.api = api;
    String hash = new dev.cake.crypto.BcryptPasswordHasher(
        new dev.cake.core.auth.PasswordSettings(4, 1, java.time.Duration.ofSeconds(30))).hash("burst-password");
    api.component.jdbi().useHandle(h -> h.createUpdate("""
            INSERT INTO users (fullname, email, username, password_hash)
            SELECT 'Burst ' || g, 'b' || g || '-' || :tag || '@example.com', 'b' || :tag || '-' || g, :hash
            FROM generate_series(1, :n) g""")
        .bind("tag", tag).bind("hash", hash).bind("n", users).execute());
    for (int i = 1; i <= users; i++) usernames.add("b" + tag + "-" + i);
  }

  /** Every user logs in at once; {@code progress} hears how many answered so far. Returns the statuses. */
  public List<Integer> loginAll(IntConsumer progress) throws Exception {
    var answered = new AtomicInteger();
    List<Callable<Integer>> logins = new ArrayList<>();
    for (String username : usernames) {
      logins.add(() -> {
        int status = api.post("/auth/login", Map.of("account", username, "password", "burst-password"), null)
            .status();
        progress.accept(answered.incrementAndGet());
        return status;
      });
    }
    return concurrently(logins);
  }

  /** SQL condition selecting this burst's users (for counts). */
  public String users() {
    return "SELECT id FROM users WHERE username LIKE 'b" + tag + "-%'";
  }
}
