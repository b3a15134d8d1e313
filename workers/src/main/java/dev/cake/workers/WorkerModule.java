package dev.cake.workers;

import dagger.Binds;
import dagger.Module;
import dev.cake.process.Managed;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.cake.core.event.EventHandler;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.event.FirstLoginHandler;
import dev.cake.workers.jobs.DeadWorkerReaperJob;
import dev.cake.workers.jobs.PeriodicJobs;
import dev.cake.workers.jobs.RefreshTokenPruneJob;
import dev.cake.workers.jobs.ScheduledJob;

/** The worker's registries: a handler per queue topic, and the scheduled jobs (most in {@link PeriodicJobs}). */
@Module(includes = PeriodicJobs.class)
public interface WorkerModule {
  @Binds
  @IntoMap
  @StringKey(FirstLogin.TOPIC)
  EventHandler firstLogin(FirstLoginHandler handler);

  @Binds
  @IntoSet
  ScheduledJob reaper(DeadWorkerReaperJob job);

  @Binds
  @IntoSet
  ScheduledJob refreshTokenPrune(RefreshTokenPruneJob job);

  @Binds
  @IntoSet
  Managed worker(Worker worker);

  @Binds
  @IntoSet
  Managed queueGauges(QueueGauges gauges);
}
