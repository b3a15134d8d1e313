package dev.cake.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API reads every module's settings from one environment and reports every bad value at once. */
class ApiSettingsTest {
  @Test
  void defaultsMatchTheDesign() {
    ApiSettings c = ApiSettings.fromEnv(Map.of("CAKE_ENV", "development"));
    assertThat(c.http().port()).isEqualTo(3000);
    assertThat(c.http().migrateOnStart()).isFalse();
    assertThat(c.persistence().database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/cake");
    assertThat(c.core().usesDevelopmentSecret()).isTrue();
  }

  @Test
  void reportsEveryBadValueAtOnce() {
    assertThatThrownBy(() -> ApiSettings.fromEnv(Map.of(
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
}
