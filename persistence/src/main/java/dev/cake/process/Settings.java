package dev.cake.process;

import dev.cake.core.config.ConfigException;
import dev.cake.core.config.EnvironmentReader;
import java.util.Map;
import java.util.function.Function;

/**
 * How every main reads its settings: each module's from one environment, every bad value reported at once. The only
 * call to {@code System.getenv} in the code base.
 */
public final class Settings {
  /** The exit status of a process started with a bad configuration. */
  public static final int BAD_CONFIGURATION = 2;

  private Settings() {}

  /** Reads {@code env} with {@code read}; throws one {@link ConfigException} listing every bad value. */
  public static <T> T load(Map<String, String> env, Function<EnvironmentReader, T> read) {
    var reader = new EnvironmentReader(env);
    T settings = read.apply(reader);
    reader.check();
    return settings;
  }

  /** Reads the process environment; on a bad value prints every problem and exits with {@link #BAD_CONFIGURATION}. */
  public static <T> T loadOrExit(Function<EnvironmentReader, T> read) {
    try {
      return load(System.getenv(), read);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(BAD_CONFIGURATION);
      throw e; // not reached
    }
  }
}
