package dev.cake.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreSettingsTest {
  @Test
  void defaultsMatchTheDesign() {
    CoreSettings c = CoreSettings.fromEnv(Map.of("CAKE_ENV", "development"));
    assertThat(c.passwords().bcryptCost()).isEqualTo(10);
    assertThat(c.tokens().accessTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.phoneRegion()).isEqualTo("VN");
    assertThat(c.usesDevelopmentSecret()).isTrue();
  }

  @Test
  void productionRequiresAStrongSecret() {
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("CAKE_ENV", "production")))
        .hasMessageContaining("JWT_SECRET: required");
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("CAKE_ENV", "production", "JWT_SECRET", "short")))
        .hasMessageContaining("at least 32 bytes");
    var ok = CoreSettings.fromEnv(Map.of("CAKE_ENV", "production", "JWT_SECRET", "x".repeat(32),
        "JWT_PREVIOUS_SECRETS", "y".repeat(40)));
    assertThat(ok.tokens().secrets()).containsExactly("x".repeat(32), "y".repeat(40));
    assertThat(ok.usesDevelopmentSecret()).isFalse();
  }

  @Test
  void onlyAnExplicitDevelopmentModeMayUseTheDevelopmentSecret() {
    // CAKE_ENV unset: no longer development by default
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("JWT_SECRET: required (at least 32 bytes, e.g. `openssl rand -base64 48`); only "
                + "CAKE_ENV=development or test, set explicitly, may run without it on the public development secret"));
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("CAKE_ENV", " ")))
        .hasMessageContaining("JWT_SECRET: required");
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("CAKE_ENV", "production",
        "JWT_SECRET", CoreSettings.DEVELOPMENT_SECRET)))
        .hasMessageContaining("public development secret is accepted only with CAKE_ENV=development or test");
    assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("JWT_SECRET", CoreSettings.DEVELOPMENT_SECRET)))
        .hasMessageContaining("public development secret");

    assertThat(CoreSettings.fromEnv(Map.of("CAKE_ENV", "development")).usesDevelopmentSecret()).isTrue();
    assertThat(CoreSettings.fromEnv(Map.of("CAKE_ENV", "TEST")).usesDevelopmentSecret()).isTrue();
    // a real secret needs no explicit mode (the environment then defaults to development)
    assertThat(CoreSettings.fromEnv(Map.of("JWT_SECRET", "z".repeat(32))).usesDevelopmentSecret()).isFalse();
  }

  @Test
  void theDevelopmentSecretIsNeverAPreviousSecret() {
    for (String env : new String[] {"development", "test", "production"}) {
      assertThatThrownBy(() -> CoreSettings.fromEnv(Map.of("CAKE_ENV", env, "JWT_SECRET", "x".repeat(32),
          "JWT_PREVIOUS_SECRETS", "y".repeat(40) + "," + CoreSettings.DEVELOPMENT_SECRET)))
          .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
              "JWT_PREVIOUS_SECRETS: the public development secret is never accepted (anyone can sign with it)"));
    }
  }
}
