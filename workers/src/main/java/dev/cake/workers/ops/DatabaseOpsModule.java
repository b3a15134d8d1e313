package dev.cake.workers.ops;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.cake.workers.OpsCommand;

/**
 * The {@code bin/admin} subcommands that use PostgreSQL and nothing else: they run on {@link DatabaseOpsComponent},
 * which reads only the database settings (so {@code bin/migrate} needs no JWT_SECRET, no Redis).
 */
@Module
public interface DatabaseOpsModule {
  @Binds
  @IntoMap
  @StringKey("migrate")
  OpsCommand migrate(MigrateCommand command);

  @Binds
  @IntoMap
  @StringKey("reconcile")
  OpsCommand reconcile(ReconcileCommand command);
}
