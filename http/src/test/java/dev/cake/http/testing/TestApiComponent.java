package dev.cake.http.testing;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.auth.AccessTokens;
import dev.cake.core.auth.AdminAccounts;
import dev.cake.core.CoreSettings;
import dev.cake.http.ApiServer;
import dev.cake.http.HttpModule;
import dev.cake.http.HttpSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.RedisClient;

/** The production API graph plus {@link TestRoutesModule}. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, HttpModule.class, TestRoutesModule.class})
public interface TestApiComponent {
  ApiServer server();

  dev.cake.process.Lifecycle lifecycle();

  /** Every route group the server registers (production's and the test-only ones). */
  java.util.Set<dev.cake.http.Routes> routes();

  AdminAccounts adminAccounts();

  AccessTokens accessTokens();

  dev.cake.core.promotion.EnrolmentService enrolment();

  dev.cake.core.event.QueueAdmin queueAdmin();

  dev.cake.core.promotion.ExpiryService expiry();

  /** For a test that writes promotion rows behind the services' back: announces it, as every writer must. */
  dev.cake.core.promotion.PromotionChanges promotionChanges();

  dev.cake.core.topup.TopupRecovery topupRecovery();

  dev.cake.core.auth.ProfileChanges profileChanges();

  Jdbi jdbi();

  RedisClient redis();

  @Component.Factory
  interface Factory {
    TestApiComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence,
                            @BindsInstance HttpSettings http);
  }
}
