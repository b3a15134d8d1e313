package dev.cake.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cake.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worker reads the domain's, the adapters' and its own settings, never the API's. */
class WorkerProcessSettingsTest {
  @Test
  void theWorkersOwnSettingsAndTheSharedShutdownTimeout() {
    var defaults = WorkerProcessSettings.fromEnv(Map.of("CAKE_ENV", "test"));
    assertThat(defaults.worker().consumers()).isEqualTo(4);
    assertThat(defaults.worker().shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
    var set = WorkerProcessSettings.fromEnv(Map.of("CAKE_ENV", "test", "CAKE_SHUTDOWN_TIMEOUT", "3s"));
    assertThat(set.worker().shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void reportsEveryModulesBadValuesAtOnce() {
    assertThatThrownBy(() -> WorkerProcessSettings.fromEnv(Map.of(
        "CAKE_ENV", "test",
        "CAKE_WORKER_CONSUMERS", "0",
        "REDIS_URL", "http://nope",
        "CAKE_BCRYPT_COST", "99")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(3)
            .anySatisfy(p -> assertThat(p).startsWith("CAKE_WORKER_CONSUMERS:"))
            .anySatisfy(p -> assertThat(p).startsWith("REDIS_URL:"))
            .anySatisfy(p -> assertThat(p).startsWith("CAKE_BCRYPT_COST:")));
  }
}
