package dev.cake.http;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.config.Config;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.postgres.Migrations;
import jakarta.inject.Singleton;

/** The API process's object graph. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, HttpModule.class})
public interface ApiComponent {
  ApiServer server();

  Migrations migrations();

  static ApiComponent create(Config config) {
    return DaggerApiComponent.factory().create(config);
  }

  @Component.Factory
  interface Factory {
    ApiComponent create(@BindsInstance Config config);
  }
}
