package dev.cake.workers.ops;

import dagger.BindsInstance;
import dagger.Component;
import dev.cake.core.CoreModule;
import dev.cake.core.CoreSettings;
import dev.cake.persistence.PersistenceModule;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.process.Lifecycle;
import dev.cake.workers.OpsCommand;
import dev.cake.workers.WorkerProcessSettings;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The ops CLI's object graph ({@code bin/admin}, {@code bin/migrate}): the production adapters and the subcommands,
 * without the worker's consumers and jobs, so a command never starts them.
 */
@Singleton
@Component(modules = {CoreModule.class, PersistenceModule.class, OpsModule.class})
public interface OpsComponent {
  /** Ops subcommands by name ({@code bin/admin <name>}). */
  Map<String, Provider<OpsCommand>> commands();

  /** Opens nothing by itself (pools open on first use); stopping closes what the command opened. */
  Lifecycle lifecycle();

  dev.cake.persistence.postgres.Migrations migrations();

  dev.cake.core.auth.UserRepository userRepository();

  dev.cake.core.auth.LoginService logins();

  dev.cake.core.auth.AdminAccounts adminAccounts();

  dev.cake.core.promotion.CampaignRepository campaigns();

  /** Who the audit trail names as acting: {@code cli:<os user>} for bin/admin. */
  dev.cake.core.audit.AuditOrigin auditOrigin();

  static OpsComponent create(WorkerProcessSettings settings) {
    return DaggerOpsComponent.factory().create(settings.core(), settings.persistence());
  }

  @Component.Factory
  interface Factory {
    OpsComponent create(@BindsInstance CoreSettings core, @BindsInstance PersistenceSettings persistence);
  }
}
