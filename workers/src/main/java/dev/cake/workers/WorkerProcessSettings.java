package dev.cake.workers;

import dev.cake.core.CoreSettings;
import dev.cake.core.config.EnvironmentReader;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.process.Settings;
import java.util.Map;

/**
 * Everything the worker and the ops commands read from their environment: the domain's, the adapters' and the
 * worker's own settings.
 */
public record WorkerProcessSettings(CoreSettings core, PersistenceSettings persistence, WorkerSettings worker) {
  public static WorkerProcessSettings read(EnvironmentReader r) {
    return new WorkerProcessSettings(CoreSettings.read(r), PersistenceSettings.read(r), WorkerSettings.read(r));
  }

  /** Reads {@code env}; one {@link dev.cake.core.config.ConfigException} lists every bad value. */
  public static WorkerProcessSettings fromEnv(Map<String, String> env) {
    return Settings.load(env, WorkerProcessSettings::read);
  }
}
