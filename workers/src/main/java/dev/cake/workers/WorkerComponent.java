package dev.cake.workers;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.CoreSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.process.Lifecycle;
import jakarta.inject.Singleton;

/** The worker process's object graph. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, WorkerModule.class})
public interface WorkerComponent {
  /** Starts and stops everything the worker holds: pools, hashing threads, gauges, consumers and jobs. */
  Lifecycle lifecycle();

  /** Who the audit trail names as acting: {@code system} for the worker. */
  dev.cake.core.audit.AuditOrigin auditOrigin();

  static WorkerComponent create(WorkerProcessSettings settings) {
    return DaggerWorkerComponent.factory().create(settings.core(), settings.persistence(), settings.worker());
  }

  @Component.Factory
  interface Factory {
    WorkerComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence,
                           @BindsInstance WorkerSettings worker);
  }
}
