package dev.cake.persistence;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.cake.core.auth.ProfileCache;
import dev.cake.core.auth.RefreshTokenRepository;
import dev.cake.core.auth.UserRepository;
import dev.cake.core.health.HealthCheck;
import dev.cake.persistence.postgres.DatabaseModule;
import dev.cake.persistence.postgres.PostgresHealthCheck;
import dev.cake.persistence.postgres.auth.PostgresRefreshTokenRepository;
import dev.cake.persistence.postgres.auth.PostgresUserRepository;
import dev.cake.persistence.redis.RedisHealthCheck;
import dev.cake.persistence.redis.RedisModule;
import dev.cake.persistence.redis.auth.RedisProfileCache;

/** Binds the core's ports to the PostgreSQL and Redis adapters. */
@Module(includes = {DatabaseModule.class, RedisModule.class})
public interface PersistenceModule {
  @Binds
  UserRepository users(PostgresUserRepository repository);

  @Binds
  RefreshTokenRepository refreshTokens(PostgresRefreshTokenRepository repository);

  @Binds
  ProfileCache profileCache(RedisProfileCache cache);

  @Binds
  dev.cake.core.promotion.CampaignRepository campaigns(
      dev.cake.persistence.postgres.promotion.PostgresCampaignRepository repository);

  @Binds
  dev.cake.core.promotion.PromotionRepository promotions(
      dev.cake.persistence.postgres.promotion.PostgresPromotionRepository repository);

  @Binds
  dev.cake.core.topup.TopupRepository topups(dev.cake.persistence.postgres.topup.PostgresTopupRepository repository);

  /** The simulated bank; a real bank adapter replaces this one binding. */
  @Binds
  dev.cake.core.topup.PaymentGateway paymentGateway(
      dev.cake.persistence.payment.SimulatedBankTransferGateway gateway);

  @Binds
  dev.cake.core.auth.RateLimiter rateLimiter(dev.cake.persistence.redis.RedisRateLimiter limiter);

  @Binds
  dev.cake.core.event.Outbox outbox(dev.cake.persistence.postgres.event.PostgresOutbox outbox);

  @Binds
  dev.cake.core.event.EventQueue eventQueue(dev.cake.persistence.redis.queue.RedisEventQueue queue);

  @Binds
  dev.cake.core.event.QueueAdmin queueAdmin(dev.cake.persistence.redis.queue.RedisEventQueue queue);

  @Binds
  @IntoSet
  HealthCheck database(PostgresHealthCheck check);

  @Binds
  @IntoSet
  HealthCheck cache(RedisHealthCheck check);
}
