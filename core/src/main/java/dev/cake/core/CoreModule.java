package dev.cake.core;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.cake.core.auth.BcryptPasswordHasher;
import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.PasswordHasher;
import dev.cake.core.auth.RegistrationRules;
import dev.cake.core.config.Config;
import dev.cake.core.event.FirstLoginPublisher;
import dev.cake.core.health.HealthCheck;
import dev.cake.core.phone.PhoneNumbers;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;

/** Domain wiring shared by every process: settings records cut from {@link Config}, the clock, core services. */
@Module
public interface CoreModule {
  @Binds
  PasswordHasher passwordHasher(BcryptPasswordHasher hasher);

  /** A first login's outbox event goes to the queue right after the commit. */
  @Binds
  @IntoSet
  LoginListener firstLoginPublisher(FirstLoginPublisher publisher);

  @Multibinds
  Set<HealthCheck> healthChecks();

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  static Config.HttpSettings http(Config config) {
    return config.http();
  }

  @Provides
  static Config.DatabaseSettings database(Config config) {
    return config.database();
  }

  @Provides
  static Config.RedisSettings redis(Config config) {
    return config.redis();
  }

  @Provides
  static Config.TokenSettings tokens(Config config) {
    return config.tokens();
  }

  @Provides
  static Config.PasswordSettings passwords(Config config) {
    return config.passwords();
  }

  @Provides
  static Config.WorkerSettings worker(Config config) {
    return config.worker();
  }

  @Provides
  static Config.RateLimitSettings rateLimits(Config config) {
    return config.rateLimits();
  }

  @Provides
  static Config.PaymentSettings payment(Config config) {
    return config.payment();
  }

  @Provides
  @Singleton
  static PhoneNumbers phoneNumbers(Config config) {
    return new PhoneNumbers(config.phoneRegion());
  }

  @Provides
  @Singleton
  static RegistrationRules registrationRules(PhoneNumbers phones, Clock clock) {
    return new RegistrationRules(phones, clock);
  }
}
