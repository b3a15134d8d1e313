package dev.cake.http;

import dev.cake.persistence.postgres.DatabaseConnectionCheck;
import dev.cake.persistence.process.Settings;
import dev.cake.persistence.process.Signals;
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
    ApiServer server;
    try {
      if (settings.http().migrateOnStart()) {
        component.migrations().migrate();
      }
      server = component.server().start();
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
    server.stop(); // readiness 503 first, in-flight requests finish, then the pools close
    System.exit(0);
  }
}
