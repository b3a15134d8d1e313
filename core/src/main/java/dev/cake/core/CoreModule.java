package dev.cake.core;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dagger.multibindings.Multibinds;
import dev.cake.core.auth.FirstLoginPublisher;
import dev.cake.core.auth.LoginListener;
import dev.cake.core.auth.PasswordSettings;
import dev.cake.core.auth.RateLimitSettings;
import dev.cake.core.auth.RegistrationRules;
import dev.cake.core.auth.TokenSettings;
import dev.cake.core.health.HealthCheck;
import dev.cake.core.phone.PhoneNumbers;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Set;

/** Domain wiring shared by every process: settings records cut from {@link CoreSettings}, the clock, core services. */
@Module
public interface CoreModule {
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
  static TokenSettings tokens(CoreSettings settings) {
    return settings.tokens();
  }

  @Provides
  static PasswordSettings passwords(CoreSettings settings) {
    return settings.passwords();
  }

  @Provides
  static RateLimitSettings rateLimits(CoreSettings settings) {
    return settings.rateLimits();
  }

  @Provides
  @Singleton
  static PhoneNumbers phoneNumbers(CoreSettings settings) {
    return new PhoneNumbers(settings.phoneRegion());
  }

  @Provides
  @Singleton
  static RegistrationRules registrationRules(PhoneNumbers phones, Clock clock) {
    return new RegistrationRules(phones, clock);
  }
}
