package dev.cake.workers;

import dev.cake.core.CakeException;
import dev.cake.core.audit.AuditOrigin;
import dev.cake.persistence.process.Settings;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/admin} and {@code bin/migrate}: operations as subcommands on the production wiring. */
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
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    System.exit(run(WorkerComponent.create(settings), args));
  }

  static int run(WorkerComponent component, String... args) {
    component.auditOrigin().processDefault(cliOrigin());
    var root = new CommandLine(new OpsMain());
    Map<String, jakarta.inject.Provider<OpsCommand>> sorted = new TreeMap<>(component.commands());
    sorted.forEach((name, command) -> root.addSubcommand(name, command.get()));
    root.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof CakeException.InvalidInput v) {
        v.errors().forEach(err -> cmd.getErr().println(err.field() + ": " + err.message()));
        return 1;
      }
      if (e instanceof CakeException c) {
        cmd.getErr().println(c.getMessage());
        return 1;
      }
      cmd.getErr().println("failed: " + e); // e.g. PostgreSQL or Redis unreachable
      return 1;
    });
    if (args.length == 0) {
      root.usage(System.out);
      return 0;
    }
    return root.execute(args);
  }
}
