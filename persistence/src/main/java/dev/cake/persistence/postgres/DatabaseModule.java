package dev.cake.persistence.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.persistence.PersistenceSettings.Timeouts;
import dev.cake.process.Managed;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The PostgreSQL connection pool and Jdbi. */
@Module
public interface DatabaseModule {
  /** The pool, opened by its owner {@link DatabasePool} (which the lifecycle closes). */
  @Provides
  static HikariDataSource pool(DatabasePool pool) {
    return pool.open();
  }

  @Binds
  @IntoSet
  Managed databasePool(DatabasePool pool);

  /** A new pool (tests and tools that build it without the graph close it themselves). */
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
    config.addDataSourceProperty("ApplicationName", "cake");
    boundedWaits(config, settings.timeouts());
    return new HikariDataSource(config);
  }

  /**
   * Every wait on the database has an end (docs/OPERATIONS.md, "Bounded waits"): the pool checks an idle connection
   * for at most {@code validationTimeout}; the driver gives up on a connect or a silent socket; the server cancels a
   * long statement or lock wait, ends a session left idle inside a transaction (releasing its locks when the holder
   * died or was cut off), and probes the client's socket with keepalives.
   */
  static void boundedWaits(HikariConfig config, Timeouts t) {
    config.setValidationTimeout(t.validationTimeout().toMillis());
    config.addDataSourceProperty("connectTimeout", Long.toString(t.connectTimeout().toSeconds()));
    config.addDataSourceProperty("loginTimeout", Long.toString(t.connectTimeout().toSeconds()));
    config.addDataSourceProperty("cancelSignalTimeout", Long.toString(t.connectTimeout().toSeconds()));
    config.addDataSourceProperty("socketTimeout", Long.toString(t.socketTimeout().toSeconds()));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("options", sessionOptions(t));
  }

  /** The server-side settings of each session, sent at connect (pgjdbc's {@code options}). */
  static String sessionOptions(Timeouts t) {
    long keepalive = t.keepalive().toSeconds();
    return String.join(" ",
        "-c statement_timeout=" + t.statementTimeout().toMillis(),
        "-c lock_timeout=" + t.lockTimeout().toMillis(),
        "-c idle_in_transaction_session_timeout=" + t.idleInTransactionTimeout().toMillis(),
        "-c tcp_keepalives_idle=" + keepalive,
        "-c tcp_keepalives_interval=" + Math.max(1, keepalive / 3),
        "-c tcp_keepalives_count=3",
        "-c tcp_user_timeout=" + t.keepalive().toMillis() * 2);
  }

  /** What the application uses: the pool behind a fair queue (see {@link FairDataSource}). */
  @Provides
  @Singleton
  static DataSource fairDataSource(HikariDataSource pool, DatabaseSettings settings) {
    // the pool's own wait is what is left of the caller's deadline after queueing for a permit
    var hikari = (HikariPool) pool.getHikariPoolMXBean();
    return new FairDataSource(pool, hikari::getConnection, settings.poolSize(), settings.connectionTimeout());
  }

  @Provides
  @Singleton
  static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .installPlugin(new SqlObjectPlugin())
        .installPlugin(new PostgresPlugin()).installPlugin(new StatusColumns()).installPlugin(new RecordMappers());
  }
}
