package dev.cake.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dagger.Module;
import dagger.Provides;
import dev.cake.core.config.Config.DatabaseSettings;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The PostgreSQL connection pool and Jdbi. */
@Module
public interface DatabaseModule {
  @Provides
  @Singleton
  static HikariDataSource dataSource(DatabaseSettings settings) {
    var config = new HikariConfig();
    config.setPoolName("cake-db");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    // With virtual threads the pool is the concurrency limit: small, and saturation fails fast.
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setInitializationFailTimeout(-1); // start even when the database is down; health reports it
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "cake");
    return new HikariDataSource(config);
  }

  /** What the application uses: the pool behind a fair queue (see {@link FairDataSource}). */
  @Provides
  @Singleton
  static DataSource fairDataSource(HikariDataSource pool, DatabaseSettings settings) {
    return new FairDataSource(pool, settings.poolSize(), settings.connectionTimeout());
  }

  @Provides
  @Singleton
  static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin());
  }
}
