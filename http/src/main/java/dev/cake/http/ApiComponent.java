package dev.cake.http;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.CoreSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.postgres.Migrations;
import dev.cake.process.Lifecycle;
import jakarta.inject.Singleton;

/** The API process's object graph. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, HttpModule.class})
public interface ApiComponent {
  Migrations migrations();

  /** Starts and stops everything the API holds: pools, hashing threads, the profile feed, the server. */
  Lifecycle lifecycle();

  static ApiComponent create(ApiSettings settings) {
    return DaggerApiComponent.factory().create(settings.core(), settings.persistence(), settings.http());
  }

  @Component.Factory
  interface Factory {
    ApiComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence,
                        @BindsInstance HttpSettings http);
  }
}
