package dev.cake.workers;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.IntoSet;
import dagger.multibindings.StringKey;
import dev.cake.core.event.EventHandler;
import dev.cake.core.event.FirstLogin;
import dev.cake.core.event.FirstLoginHandler;
import dev.cake.workers.jobs.DeadWorkerReaperJob;
import dev.cake.workers.jobs.DelayedRetriesJob;
import dev.cake.workers.jobs.ExpiryJob;
import dev.cake.workers.jobs.IdempotencyPruneJob;
import dev.cake.workers.jobs.OutboxRelayJob;
import dev.cake.workers.jobs.RefreshTokenPruneJob;
import dev.cake.workers.jobs.ScheduledJob;
import dev.cake.workers.jobs.TopupRecoveryJob;

/** The worker's registries: a handler per queue topic, and the scheduled jobs. */
@Module
public interface WorkerModule {
  @Binds
  @IntoMap
  @StringKey(FirstLogin.TOPIC)
  EventHandler firstLogin(FirstLoginHandler handler);

  @Binds
  @IntoSet
  ScheduledJob delayedRetries(DelayedRetriesJob job);

  @Binds
  @IntoSet
  ScheduledJob reaper(DeadWorkerReaperJob job);

  @Binds
  @IntoSet
  ScheduledJob outboxRelay(OutboxRelayJob job);

  @Binds
  @IntoSet
  ScheduledJob expiry(ExpiryJob job);

  @Binds
  @IntoSet
  ScheduledJob topupRecovery(TopupRecoveryJob job);

  @Binds
  @IntoSet
  ScheduledJob idempotencyPrune(IdempotencyPruneJob job);

  @Binds
  @IntoSet
  ScheduledJob refreshTokenPrune(RefreshTokenPruneJob job);
}
