package dev.cake.workers.ops;

import com.zaxxer.hikari.HikariDataSource;
import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.persistence.postgres.DatabaseModule;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/** The object graph of the ops subcommands that need only PostgreSQL ({@link DatabaseOpsModule}). */
@Singleton
@Component(modules = {DatabaseModule.class, DatabaseOpsModule.class, DatabaseOpsComponent.ClockModule.class})
public interface DatabaseOpsComponent {
  /** The names of these subcommands: bin/admin runs them on this graph. */
  Set<String> NAMES = Set.of("migrate", "reconcile");

  Map<String, Provider<OpsCommand>> commands();

  /** The connection pool, for a caller that outlives the commands (tests) to close. */
  HikariDataSource pool();

  /** With the default role names (tests, and a database whose roles were made by bin/migrate's defaults). */
  static DatabaseOpsComponent create(DatabaseSettings database) {
    return create(database, dev.cake.persistence.postgres.DatabaseRoles.DEFAULTS);
  }

  static DatabaseOpsComponent create(DatabaseSettings database, dev.cake.persistence.postgres.DatabaseRoles roles) {
    return DaggerDatabaseOpsComponent.factory().create(database, roles);
  }

  @Component.Factory
  interface Factory {
    DatabaseOpsComponent create(@BindsInstance DatabaseSettings database,
                                @BindsInstance dev.cake.persistence.postgres.DatabaseRoles roles);
  }

  /** The clock, as CoreModule binds it for the other processes. */
  @Module
  interface ClockModule {
    @Provides
    static Clock clock() {
      return dev.cake.core.CoreModule.clock();
    }
  }
}
