package dev.cake.workers;

import dev.cake.core.CakeException;
import dev.cake.persistence.PersistenceSettings;
import dev.cake.persistence.PersistenceSettings.DatabaseSettings;
import dev.cake.persistence.postgres.DatabaseConnectionCheck;
import dev.cake.process.Settings;
import dev.cake.workers.ops.OpsComponent;
import dev.cake.workers.ops.DatabaseOpsComponent;
import java.util.Arrays;
import dev.cake.core.audit.AuditOrigin;
import java.util.UUID;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/admin} and {@code bin/migrate}: operations as subcommands on the production wiring. A subcommand reads
 * only the settings it uses: those on PostgreSQL alone ({@link DatabaseOpsComponent#NAMES}) read the database's, the
 * others every module's. A database that is missing, refuses the login or does not answer is named as such.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Cake System operations. Configuration comes from the same environment variables as the server.")
public final class OpsMain {
  private OpsMain() {}

  /**
   * What the audit trail records for this run of bin/admin: actor {@code cli:<os user>} (SUDO_USER when run through
   * sudo), no client IP, and a request id of its own ({@code cli-<random>}) shared by everything this run does.
   */
  static AuditOrigin.Origin cliOrigin() {
    String sudoUser = System.getenv("SUDO_USER");
    String user = sudoUser != null && !sudoUser.isBlank() ? sudoUser : System.getProperty("user.name", "unknown");
    return new AuditOrigin.Origin("cli:" + user, null, "cli-" + UUID.randomUUID());
  }

  public static void main(String[] args) {
    String name = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
    boolean help = Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    if (DatabaseOpsComponent.NAMES.contains(name)) {
      var only = Settings.loadOrExit(r -> java.util.Map.entry(PersistenceSettings.database(r),
          dev.cake.persistence.postgres.DatabaseRoles.read(r)));
      DatabaseSettings database = only.getKey();
      // migrate --create-database makes a missing database: it names its own failures through the handler below
      if (!help && !name.equals("migrate")) {
        exitOnDatabaseProblem(database);
      }
      System.exit(run(DatabaseOpsComponent.create(database, only.getValue()).commands(), database, args));
    }
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    if (!help && !name.isEmpty()) {
      exitOnDatabaseProblem(settings.persistence().database());
    }
    OpsComponent component = OpsComponent.create(settings);
    component.auditOrigin().processDefault(cliOrigin());
    int code;
    try {
      code = run(component.commands(), settings.persistence().database(), args);
    } finally {
      component.lifecycle().stop(); // closes the pools the command opened
    }
    System.exit(code);
  }

  private static void exitOnDatabaseProblem(DatabaseSettings database) {
    DatabaseConnectionCheck.problem(database).ifPresent(problem -> {
      System.err.println("error: " + problem);
      System.exit(1);
    });
  }

  static int run(OpsComponent component, String... args) {
    component.auditOrigin().processDefault(cliOrigin());
    return run(component.commands(), null, args);
  }

  static int run(Map<String, jakarta.inject.Provider<OpsCommand>> commands, DatabaseSettings database,
                 String... args) {
    var root = new CommandLine(new OpsMain());
    new TreeMap<>(commands).forEach((name, command) -> root.addSubcommand(name, command.get()));
    root.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CakeException.InvalidInput v) {
        v.errors().forEach(err -> cmd.getErr().println(err.field() + ": " + err.message()));
        return 1;
      }
      if (e instanceof CakeException c) {
        cmd.getErr().println(c.getMessage());
        return 1;
      }
      String cause = database == null ? null : DatabaseConnectionCheck.describeOrNull(e, database);
      cmd.getErr().println("failed: " + (cause != null ? cause : e)); // e.g. PostgreSQL or Redis unreachable
      return 1;
    });
    if (args.length == 0) {
      root.usage(System.out);
      return 0;
    }
    return root.execute(args);
  }
}
