package dev.cake.http;

import dev.cake.persistence.postgres.DatabaseConnectionCheck;
import dev.cake.process.Lifecycle;
import dev.cake.process.Settings;
import dev.cake.process.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code bin/server}: the API in the foreground until SIGTERM. */
public final class ApiMain {
  private static final Logger log = LoggerFactory.getLogger(ApiMain.class);

  private ApiMain() {}

  public static void main(String[] args) {
    ApiSettings settings = Settings.loadOrExit(ApiSettings::read);
    if (settings.core().usesDevelopmentSecret()) {
      log.warn("JWT_SECRET is not set: using the fixed DEVELOPMENT secret. Never run like this in production.");
    }
    // the pool would only say "timed out": name the cause once, beside the start (which it never delays; the API
    // starts either way and /health/ready reports the database)
    Thread.ofVirtual().name("database-check").start(() -> DatabaseConnectionCheck
        .problem(settings.persistence().database()).ifPresent(p -> log.error("database: {}", p)));
    var terminated = Signals.termination();
    ApiComponent component = ApiComponent.create(settings);
    Lifecycle lifecycle = component.lifecycle();
    try {
      if (settings.http().migrateOnStart()) {
        component.migrations().migrate();
      }
      lifecycle.start();
    } catch (RuntimeException e) {
      log.error("cannot start: {}", e.toString());
      System.exit(1);
      return;
    }
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lifecycle.stop(); // the server first (readiness 503, in-flight requests finish), the pools last
    System.exit(0);
  }
}
