package dev.cake.http;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.CoreSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.postgres.Migrations;
import jakarta.inject.Singleton;

/** The API process's object graph. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, HttpModule.class})
public interface ApiComponent {
  ApiServer server();

  Migrations migrations();

  static ApiComponent create(ApiSettings settings) {
    return DaggerApiComponent.factory().create(settings.core(), settings.persistence(), settings.http());
  }

  @Component.Factory
  interface Factory {
    ApiComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence,
                        @BindsInstance HttpSettings http);
  }
}
