package dev.cake.workers;

import dev.cake.workers.ops.OpsComponent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.CoreSettings;
import dev.cake.core.auth.AccessTokens;
import dev.cake.crypto.JwtAccessTokens;
import dev.cake.persistence.testing.TestPersistence;
import dev.cake.persistence.testing.TestServices;
import dev.cake.workers.testing.Ops;
import dev.cake.workers.testing.Ops.Ran;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/admin seed-users on the production wiring against this run's database. */
class SeedUsersCommandTest {
  static final String PASSWORD = "seed-password-1";
  static OpsComponent component;
  static TestPersistence db;

  @TempDir
  Path dir;

  @BeforeAll
  static void wire() {
    component = OpsComponent.create(WorkerProcessSettings.fromEnv(TestServices.get().environment()));
    db = new TestPersistence();
  }

  @AfterAll
  static void close() {
    component.lifecycle().stop();
    db.close();
  }

  static Ran seed(String stdin, String... args) {
    return Ops.run(component, stdin, "seed-users", args);
  }

  static String newPrefix() {
    return "seed" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "u";
  }

  static long accounts(String prefix) {
    return db.jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM users WHERE username LIKE :p || '%'")
        .bind("p", prefix).mapTo(Long.class).one());
  }

  @Test
  void seedsExactlyCountAccountsWithTokensTheApiAccepts() throws Exception {
    String prefix = newPrefix();
    Path tokens = dir.resolve("users.tsv");
    Ran ran = seed(PASSWORD + "\n", "--count", "1205", "--prefix", prefix, "--password-stdin",
        "--tokens", tokens.toString());
    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.lastLine()).isEqualTo("1205");
    assertThat(accounts(prefix)).isEqualTo(1205);
    assertThat(ran.err()).contains("1205 created, 0 existed already").contains("seeding users: 1205/1205");

    var lines = Files.readAllLines(tokens);
    assertThat(lines).hasSize(1205);
    assertThat(lines.getFirst()).startsWith(prefix + "1\t");
    assertThat(lines.getLast()).startsWith(prefix + "1205\t");
    // each token is an access token of its own account, verified as the API verifies it
    AccessTokens verifier = new JwtAccessTokens(
        CoreSettings.fromEnv(TestServices.get().environment()).tokens(), Clock.systemUTC());
    var users = component.userRepository();
    for (String line : lines.subList(0, 3)) {
      String[] parts = line.split("\t");
      var user = users.findByUsername(parts[0]).orElseThrow();
      assertThat(verifier.verify(parts[1]).userId()).isEqualTo(user.id());
      assertThat(user.latestLogin()).isNull(); // never logged in: the first login is still to come
      assertThat(user.email()).isEqualTo(parts[0] + "@example.com");
    }
    // the shared password is each account's password
    assertThat(component.logins().login(prefix + "1205", PASSWORD, "127.0.0.1").user().username())
        .isEqualTo(prefix + "1205");
  }

  @Test
  void aRerunSkipsExistingAccountsAndStillWritesEveryToken() throws Exception {
    String prefix = newPrefix();
    assertThat(seed(PASSWORD, "--count", "3", "--prefix", prefix, "--password-stdin").code()).isZero();
    Path tokens = dir.resolve("again.tsv");
    Ran again = seed(PASSWORD, "--count", "5", "--prefix", prefix, "--password-stdin", "--tokens", tokens.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.lastLine()).isEqualTo("2");
    assertThat(again.err()).contains("2 created, 3 existed already");
    assertThat(accounts(prefix)).isEqualTo(5);
    assertThat(Files.readAllLines(tokens)).hasSize(5);

    Ran third = seed(PASSWORD, "--count", "5", "--prefix", prefix, "--password-stdin");
    assertThat(third.code()).isZero();
    assertThat(third.lastLine()).isEqualTo("0");
    assertThat(accounts(prefix)).isEqualTo(5);
  }

  @Test
  void badArgumentsAreRefusedWithTheirReasonsAndCreateNothing() {
    String prefix = newPrefix();
    Ran ran = seed("short\n", "--count", "0", "--prefix", prefix, "--password-stdin");
    assertThat(ran.code()).isEqualTo(2);
    assertThat(ran.err()).contains("--count must be 1-1000000, not 0").contains("password must be at least 8");

    Ran badPrefix = seed(PASSWORD, "--count", "2", "--prefix", "9" + prefix, "--password-stdin");
    assertThat(badPrefix.code()).isEqualTo(2);
    assertThat(badPrefix.err()).contains("--prefix must be");

    Ran noPassword = seed("", "--count", "2", "--prefix", prefix, "--password-stdin");
    assertThat(noPassword.code()).isEqualTo(2);
    assertThat(noPassword.err()).contains("standard input gave no password");

    Ran onCommandLine = seed("", "--count", "2", "--prefix", prefix, "--password", PASSWORD);
    assertThat(onCommandLine.code()).isEqualTo(2); // never an option: it would show in ps

    Ran noDirectory = seed(PASSWORD, "--count", "2", "--prefix", prefix, "--password-stdin",
        "--tokens", dir.resolve("missing/users.tsv").toString());
    assertThat(noDirectory.code()).isEqualTo(2);
    assertThat(noDirectory.err()).contains("does not exist");

    assertThat(seed(PASSWORD, "--prefix", prefix, "--password-stdin").code()).isNotZero(); // --count is required
    assertThat(accounts(prefix)).isZero();
  }
}
