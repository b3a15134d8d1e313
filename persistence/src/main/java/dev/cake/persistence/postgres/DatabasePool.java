package dev.cake.persistence.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.process.Managed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Owns the HikariCP pool: opened at start, or on first use (an ops command that never touches the database opens
 * none), closed last.
 */
@Singleton
public final class DatabasePool implements Managed {
  private final DatabaseSettings settings;
  private HikariDataSource dataSource;

  @Inject
  public DatabasePool(DatabaseSettings settings) {
    this.settings = settings;
  }

  synchronized HikariDataSource open() {
    if (dataSource == null) dataSource = DatabaseModule.dataSource(settings);
    return dataSource;
  }

  @Override
  public Stage stage() {
    return Stage.CONNECTIONS;
  }

  /** Opens it now, so the first request finds it warm. */
  @Override
  public void start() {
    open();
  }

  @Override
  public synchronized void stop() {
    if (dataSource != null) dataSource.close();
    dataSource = null;
  }
}
