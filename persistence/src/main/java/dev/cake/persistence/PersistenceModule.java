package dev.cake.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.cake.core.auth.ProfileCache;
import dev.cake.core.auth.ProfileChanges;
import dev.cake.core.limits.RateLimiter;
import dev.cake.core.auth.RefreshTokenRepository;
import dev.cake.core.auth.UserRepository;
import dev.cake.core.event.EventQueue;
import dev.cake.core.event.Outbox;
import dev.cake.core.event.Lease;
import dev.cake.core.event.QueueInspector;
import dev.cake.core.event.WorkQueue;
import dev.cake.core.health.HealthCheck;
import dev.cake.core.promotion.CampaignRepository;
import dev.cake.core.promotion.PromotionChanges;
import dev.cake.core.promotion.PromotionRepository;
import dev.cake.core.promotion.PromotionViews;
import dev.cake.core.voucher.VoucherRepository;
import dev.cake.core.telemetry.BusinessMetrics;
import dev.cake.core.topup.PaymentGateway;
import dev.cake.core.topup.TopupRepository;
import dev.cake.crypto.CryptoModule;
import dev.cake.bank.SimulatedBankTransferGateway;
import dev.cake.persistence.postgres.DatabaseModule;
import dev.cake.persistence.postgres.PostgresHealthCheck;
import dev.cake.persistence.postgres.auth.PostgresRefreshTokenRepository;
import dev.cake.persistence.postgres.auth.PostgresUserRepository;
import dev.cake.persistence.postgres.event.PostgresOutbox;
import dev.cake.persistence.postgres.promotion.PostgresCampaignRepository;
import dev.cake.persistence.postgres.promotion.PostgresPromotionRepository;
import dev.cake.persistence.postgres.voucher.PostgresVoucherRepository;
import dev.cake.persistence.redis.promotion.CachedPromotionViews;
import dev.cake.persistence.postgres.topup.PostgresTopupRepository;
import dev.cake.persistence.redis.RedisHealthCheck;
import dev.cake.persistence.redis.RedisLock;
import dev.cake.persistence.redis.RedisModule;
import dev.cake.persistence.redis.RedisRateLimiter;
import dev.cake.persistence.redis.auth.RedisProfileCache;
import dev.cake.persistence.redis.auth.RedisProfileChanges;
import dev.cake.persistence.redis.queue.RedisEventQueue;
import dev.cake.persistence.redis.queue.RedisQueueInspector;
import dev.cake.persistence.redis.queue.RedisWorkQueue;
import dev.cake.telemetry.OtelBusinessMetrics;
import jakarta.inject.Singleton;

/** Binds the core's ports to the PostgreSQL, Redis and crypto adapters. */
@Module(includes = {DatabaseModule.class, RedisModule.class, CryptoModule.class})
public interface PersistenceModule {
  /** The one mapper for stored JSON ({@link Json}); the API's wire mapper, with its request limits, is another. */
  @Provides
  @Singleton
  @Storage
  static ObjectMapper storageMapper() {
    return new ObjectMapper();
  }

  @Provides
  static PersistenceSettings.DatabaseSettings databaseSettings(PersistenceSettings settings) {
    return settings.database();
  }

  @Provides
  static dev.cake.persistence.postgres.DatabaseRoles databaseRoles(PersistenceSettings settings) {
    return settings.roles();
  }

  @Provides
  static PersistenceSettings.RedisSettings redisSettings(PersistenceSettings settings) {
    return settings.redis();
  }

  @Provides
  static PersistenceSettings.PaymentSettings paymentSettings(PersistenceSettings settings) {
    return settings.payment();
  }

  @Binds
  dev.cake.core.audit.AuditLog auditLog(dev.cake.persistence.postgres.audit.PostgresAuditLog log);

  @Binds
  UserRepository users(PostgresUserRepository repository);

  @Binds
  RefreshTokenRepository refreshTokens(PostgresRefreshTokenRepository repository);

  @Binds
  ProfileCache profileCache(RedisProfileCache cache);

  @Binds
  ProfileChanges profileChanges(RedisProfileChanges changes);

  @Binds
  RateLimiter rateLimiter(RedisRateLimiter limiter);

  @Binds
  CampaignRepository campaigns(PostgresCampaignRepository repository);

  @Binds
  PromotionRepository promotions(PostgresPromotionRepository repository);

  @Binds
  TopupRepository topups(PostgresTopupRepository repository);

  @Binds
  VoucherRepository vouchers(PostgresVoucherRepository repository);

  @Binds
  PromotionViews promotionViews(CachedPromotionViews views);

  @Binds
  PromotionChanges promotionChanges(CachedPromotionViews views);

  /** The simulated bank; a real bank adapter replaces this one binding. */
  @Binds
  PaymentGateway paymentGateway(SimulatedBankTransferGateway gateway);

  @Binds
  BusinessMetrics metrics(OtelBusinessMetrics metrics);

  @Binds
  Outbox outbox(PostgresOutbox outbox);

  @Binds
  EventQueue eventQueue(RedisEventQueue queue);

  @Binds
  WorkQueue workQueue(RedisWorkQueue queue);

  @Binds
  QueueInspector queueInspector(RedisQueueInspector inspector);

  @Binds
  Lease lease(RedisLock lock);

  @Binds
  @IntoSet
  HealthCheck database(PostgresHealthCheck check);

  @Binds
  @IntoSet
  HealthCheck cache(RedisHealthCheck check);
}
