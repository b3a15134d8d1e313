package dev.cake.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cake.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersistenceSettingsTest {
  @Test
  void defaultsMatchTheDesign() {
    PersistenceSettings c = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "development"));
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/cake");
    assertThat(c.database().user()).isEqualTo("postgres");
    assertThat(c.redis().uri().toString()).isEqualTo("redis://127.0.0.1:6379/0");
    assertThat(c.redis().keyPrefix()).isEqualTo("cake:");
  }

  @Test
  void readsBothDatabaseUrlForms() {
    var c = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test",
        "DATABASE_URL", "postgresql://app:p%40ss@db.internal:6543/cake_prod?sslmode=require"));
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/cake_prod?sslmode=require");
    assertThat(c.database().user()).isEqualTo("app");
    assertThat(c.database().password()).isEqualTo("p@ss");
    var jdbc = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test", "DATABASE_URL", "jdbc:postgresql://localhost/other"));
    assertThat(jdbc.database().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/other");
  }

  @Test
  void aConfigurationErrorNeverShowsAUrlPassword() {
    var e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
        () -> PersistenceSettings.fromEnv(Map.of(
            "CAKE_ENV", "test",
            "DATABASE_URL", "mysql://app:db-s3cret@db.internal:3306/cake",
            "REDIS_URL", "http://default:redis-s3cret@cache.internal:6379/0")));
    assertThat(e.getMessage()).doesNotContain("db-s3cret").doesNotContain("redis-s3cret")
        .contains("DATABASE_URL: expected").contains("'mysql://app:***@db.internal:3306/cake'")
        .contains("'http://default:***@cache.internal:6379/0'");
    assertThat(e.problems()).hasSize(2);
  }
}
