package dev.cake.http;

import dev.cake.core.CoreSettings;
import dev.cake.core.config.EnvironmentReader;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.process.Settings;
import java.util.Map;

/** Everything the API process reads from its environment: the domain's, the adapters' and its own settings. */
public record ApiSettings(CoreSettings core, PersistenceSettings persistence, HttpSettings http) {
  public static ApiSettings read(EnvironmentReader r) {
    return new ApiSettings(CoreSettings.read(r), PersistenceSettings.read(r), HttpSettings.read(r));
  }

  /** Reads {@code env}; one {@link dev.cake.core.config.ConfigException} lists every bad value. */
  public static ApiSettings fromEnv(Map<String, String> env) {
    return Settings.load(env, ApiSettings::read);
  }
}
