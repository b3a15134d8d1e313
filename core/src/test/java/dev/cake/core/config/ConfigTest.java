package dev.cake.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsMatchTheDesign() {
    Config c = Config.fromEnv(Map.of("CAKE_ENV", "development"));
    assertThat(c.http().port()).isEqualTo(3000);
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/cake");
    assertThat(c.database().user()).isEqualTo("postgres");
    assertThat(c.redis().uri().toString()).isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(c.redis().keyPrefix()).isEqualTo("cake:");
    assertThat(c.passwords().bcryptCost()).isEqualTo(10);
    assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.phoneRegion()).isEqualTo("VN");
    assertThat(c.migrateOnStart()).isFalse();
    assertThat(c.usesDevelopmentSecret()).isTrue();
  }

  @Test
  void readsBothDatabaseUrlForms() {
    var c = Config.fromEnv(Map.of("CAKE_ENV", "test",
        "DATABASE_URL", "postgresql://app:p%40ss@db.internal:6543/cake_prod?sslmode=require"));
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/cake_prod?sslmode=require");
    assertThat(c.database().user()).isEqualTo("app");
    assertThat(c.database().password()).isEqualTo("p@ss");
    var jdbc = Config.fromEnv(Map.of("CAKE_ENV", "test", "DATABASE_URL", "jdbc:postgresql://localhost/other"));
    assertThat(jdbc.database().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/other");
  }

  @Test
  void parsesDurations() {
    assertThat(Config.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Config.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Config.parseDuration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Config.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Config.parseDuration("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Config.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void reportsEveryBadValueAtOnce() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of(
        "PORT", "eighty",
        "DATABASE_URL", "mysql://nope",
        "CAKE_BCRYPT_COST", "99",
        "CAKE_ACCESS_TOKEN_TTL", "soon",
        "CAKE_ENV", "staging",
        "JWT_SECRET", "s".repeat(32))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(5)
            .anySatisfy(p -> assertThat(p).startsWith("PORT:"))
            .anySatisfy(p -> assertThat(p).startsWith("DATABASE_URL:"))
            .anySatisfy(p -> assertThat(p).startsWith("CAKE_BCRYPT_COST:").contains("4 to 31"))
            .anySatisfy(p -> assertThat(p).startsWith("CAKE_ACCESS_TOKEN_TTL:"))
            .anySatisfy(p -> assertThat(p).startsWith("CAKE_ENV:")));
  }

  @Test
  void productionRequiresAStrongSecret() {
    assertThatThrownBy(() -> Config.fromEnv(Map.of("CAKE_ENV", "production")))
        .hasMessageContaining("JWT_SECRET: required");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("CAKE_ENV", "production", "JWT_SECRET", "short")))
        .hasMessageContaining("at least 32 bytes");
    var ok = Config.fromEnv(Map.of("CAKE_ENV", "production", "JWT_SECRET", "x".repeat(32),
        "JWT_PREVIOUS_SECRETS", "y".repeat(40)));
    assertThat(ok.tokens().secrets()).containsExactly("x".repeat(32), "y".repeat(40));
    assertThat(ok.usesDevelopmentSecret()).isFalse();
  }

  @Test
  void onlyAnExplicitDevelopmentModeMayUseTheDevelopmentSecret() {
    // CAKE_ENV unset: no longer development by default
    assertThatThrownBy(() -> Config.fromEnv(Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("JWT_SECRET: required (at least 32 bytes, e.g. `openssl rand -base64 48`); only "
                + "CAKE_ENV=development or test, set explicitly, may run without it on the public development secret"));
    assertThatThrownBy(() -> Config.fromEnv(Map.of("CAKE_ENV", " ")))
        .hasMessageContaining("JWT_SECRET: required");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("CAKE_ENV", "production", "JWT_SECRET", Config.DEVELOPMENT_SECRET)))
        .hasMessageContaining("public development secret is accepted only with CAKE_ENV=development or test");
    assertThatThrownBy(() -> Config.fromEnv(Map.of("JWT_SECRET", Config.DEVELOPMENT_SECRET)))
        .hasMessageContaining("public development secret");

    assertThat(Config.fromEnv(Map.of("CAKE_ENV", "development")).usesDevelopmentSecret()).isTrue();
    assertThat(Config.fromEnv(Map.of("CAKE_ENV", "TEST")).usesDevelopmentSecret()).isTrue();
    // a real secret needs no explicit mode (the environment then defaults to development)
    assertThat(Config.fromEnv(Map.of("JWT_SECRET", "z".repeat(32))).usesDevelopmentSecret()).isFalse();
  }

  @Test
  void theDevelopmentSecretIsNeverAPreviousSecret() {
    for (String env : new String[] {"development", "test", "production"}) {
      assertThatThrownBy(() -> Config.fromEnv(Map.of("CAKE_ENV", env, "JWT_SECRET", "x".repeat(32),
          "JWT_PREVIOUS_SECRETS", "y".repeat(40) + "," + Config.DEVELOPMENT_SECRET)))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
              "JWT_PREVIOUS_SECRETS: the public development secret is never accepted (anyone can sign with it)"));
    }
  }

  @Test
  void aConfigurationErrorNeverShowsAUrlPassword() {
    var e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class, () -> Config.fromEnv(Map.of(
        "CAKE_ENV", "test",
        "DATABASE_URL", "mysql://app:db-s3cret@db.internal:3306/cake",
        "REDIS_URL", "http://default:redis-s3cret@cache.internal:6379/0")));
    assertThat(e.getMessage()).doesNotContain("db-s3cret").doesNotContain("redis-s3cret")
        .contains("DATABASE_URL: expected").contains("'mysql://app:***@db.internal:3306/cake'")
        .contains("'http://default:***@cache.internal:6379/0'");
    assertThat(e.problems()).hasSize(2);

    assertThat(Config.redact("redis://:p@ss/w@host:6379")).isEqualTo("redis://:***@host:6379");
    assertThat(Config.redact("redis://onlypassword@host")).isEqualTo("redis://***@host");
    assertThat(Config.redact("jdbc:postgresql://h/db?user=a&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=a&password=***&ssl=true");
    assertThat(Config.redact("postgresql://h:5432/db")).isEqualTo("postgresql://h:5432/db");
  }
}
