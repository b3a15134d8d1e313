package dev.cake.workers.ops;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import dev.cake.workers.OpsCommand;

/** The registry of {@code bin/admin} subcommands (those on PostgreSQL alone are in {@link DatabaseOpsModule}). */
@Module(includes = DatabaseOpsModule.class)
public interface OpsModule {
  @Binds
  @IntoMap
  @StringKey("create-admin")
  OpsCommand createAdmin(CreateAdminCommand command);

  @Binds
  @IntoMap
  @StringKey("create-campaign")
  OpsCommand createCampaign(CreateCampaignCommand command);

  @Binds
  @IntoMap
  @StringKey("queue-stats")
  OpsCommand queueStats(QueueStatsCommand command);

  @Binds
  @IntoMap
  @StringKey("retry-failed")
  OpsCommand retryFailed(RetryFailedCommand command);

  @Binds
  @IntoMap
  @StringKey("list-admins")
  OpsCommand listAdmins(ListAdminsCommand command);

  @Binds
  @IntoMap
  @StringKey("demote")
  OpsCommand demote(DemoteCommand command);

  @Binds
  @IntoMap
  @StringKey("audit")
  OpsCommand audit(AuditCommand command);

  @Binds
  @IntoMap
  @StringKey("seed-users")
  OpsCommand seedUsers(SeedUsersCommand command);
}
