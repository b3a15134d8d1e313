package dev.cake.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void defaultsMatchTheDesign() {
    Config c = Config.fromEnv(Map.of());
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
    var c = Config.fromEnv(Map.of("DATABASE_URL", "postgresql://app:p%40ss@db.internal:6543/cake_prod?sslmode=require"));
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/cake_prod?sslmode=require");
    assertThat(c.database().user()).isEqualTo("app");
    assertThat(c.database().password()).isEqualTo("p@ss");
    var jdbc = Config.fromEnv(Map.of("DATABASE_URL", "jdbc:postgresql://localhost/other"));
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
        "CAKE_ENV", "staging")))
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
}
