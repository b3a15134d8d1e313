package dev.cake.workers;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.CoreSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.postgres.Migrations;
import dev.cake.workers.ops.OpsModule;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;

/** The worker process's and the ops CLI's object graph. */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, WorkerModule.class, OpsModule.class})
public interface WorkerComponent {
  Worker worker();

  Migrations migrations();

  dev.cake.core.auth.UserRepository userRepository();

  dev.cake.core.auth.AuthService auth();

  dev.cake.core.promotion.CampaignRepository campaigns();

  /** Who the audit trail names as acting: {@code cli:<os user>} for bin/admin, {@code system} for the worker. */
  dev.cake.core.audit.AuditOrigin auditOrigin();

  /** Ops subcommands by name ({@code bin/admin <name>}). */
  Map<String, Provider<OpsCommand>> commands();

  static WorkerComponent create(WorkerProcessSettings settings) {
    return DaggerWorkerComponent.factory().create(settings.core(), settings.persistence(), settings.worker());
  }

  @Component.Factory
  interface Factory {
    WorkerComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence,
                           @BindsInstance WorkerSettings worker);
  }
}
