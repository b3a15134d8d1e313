package dev.cake.http;

import dev.cake.core.config.Config;
import dev.cake.core.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/server}: the API in the foreground until SIGTERM. */
public final class ApiMain {
  private static final Logger log = LoggerFactory.getLogger(ApiMain.class);

  private ApiMain() {}

  public static void main(String[] args) {
    Config config;
    try {
      config = Config.load();
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (config.usesDevelopmentSecret()) {
      log.warn("JWT_SECRET is not set: using the fixed DEVELOPMENT secret. Never run like this in production.");
    }
    ApiComponent component = ApiComponent.create(config);
    if (config.migrateOnStart()) {
      component.migrations().migrate();
    }
    ApiServer server = component.server().start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
  }
}
