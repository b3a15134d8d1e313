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

  @Test
  void severalDatabaseHostsTargetThePrimaryAndRecheckSoon() {
    var c = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test",
        "DATABASE_URL", "postgresql://app:pw@10.0.0.1:5441,10.0.0.2:5442,10.0.0.3:5443/cake_ha?sslmode=disable"));
    assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.1:5441,10.0.0.2:5442,10.0.0.3:5443/cake_ha"
        + "?sslmode=disable&targetServerType=primary&hostRecheckSeconds=2");
    assertThat(c.database().user()).isEqualTo("app");
    var own = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test",
        "DATABASE_URL", "postgresql://h1:1,h2:2/db?targetServerType=preferPrimary&hostRecheckSeconds=5"));
    assertThat(own.database().jdbcUrl())
        .isEqualTo("jdbc:postgresql://h1:1,h2:2/db?targetServerType=preferPrimary&hostRecheckSeconds=5");
    var bare = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test", "DATABASE_URL", "postgresql://h1:1,h2:2/db"));
    assertThat(bare.database().jdbcUrl()).isEqualTo("jdbc:postgresql://h1:1,h2:2/db?targetServerType=primary&hostRecheckSeconds=2");
    assertThat(bare.database().timeouts().connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
  }

  @Test
  void readsASentinelRedisUrl() {
    var c = PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test",
        "REDIS_URL", "redis-sentinel://:s%40cret@10.0.0.1:26481,10.0.0.2:26482,sentinel-3:26483/cake-ha?db=2"));
    var address = PersistenceSettings.SentinelAddress.of(c.redis().uri());
    assertThat(address.sentinels()).containsExactly("10.0.0.1:26481", "10.0.0.2:26482", "sentinel-3:26483");
    assertThat(address.master()).isEqualTo("cake-ha");
    assertThat(address.database()).isEqualTo(2);
    assertThat(address.user()).isNull();
    assertThat(address.password()).isEqualTo("s@cret");
  }

  @Test
  void aSentinelUrlWithoutMasterOrPortsIsRefused() {
    for (String bad : new String[] {"redis-sentinel://10.0.0.1:26481,10.0.0.2:26482", "redis-sentinel://h1,h2/m",
        "redis-sentinel://h1:1/m?database=2", "redis-sentinel:///m"}) {
      var e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
          () -> PersistenceSettings.fromEnv(Map.of("CAKE_ENV", "test", "REDIS_URL", bad)));
      assertThat(e).as(bad).isNotNull();
      assertThat(e.getMessage()).contains("REDIS_URL: expected").contains("redis-sentinel://");
    }
  }
}
