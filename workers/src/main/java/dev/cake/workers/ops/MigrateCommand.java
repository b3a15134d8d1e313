package dev.cake.workers.ops;

import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.persistence.postgres.Migrations;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Apply pending database migrations (the same code the tests and migrate-on-start use).")
public final class MigrateCommand implements OpsCommand {
  @Option(names = "--create-database", description = "Create the database first if it does not exist.")
  boolean createDatabase;

  private final DatabaseSettings database;
  private final Provider<Migrations> migrations;

  @Inject
  public MigrateCommand(DatabaseSettings database, Provider<Migrations> migrations) {
    this.database = database;
    this.migrations = migrations;
  }

  @Override
  public Integer call() throws Exception {
    if (createDatabase
        && Migrations.createDatabaseIfMissing(database.jdbcUrl(), database.user(), database.password())) {
      System.out.println("created database " + database.jdbcUrl());
    }
    int applied = migrations.get().migrate();
    System.out.println(applied == 0 ? "database is up to date" : "applied " + applied + " migration(s)");
    return 0;
  }
}
