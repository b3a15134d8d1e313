package dev.cake.workers;

import dev.cake.core.CakeException;
import dev.cake.process.Settings;
import dev.cake.workers.ops.OpsComponent;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/admin} and {@code bin/migrate}: operations as subcommands on the production wiring. */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Cake System operations. Configuration comes from the same environment variables as the server.")
public final class OpsMain {
  private OpsMain() {}

  public static void main(String[] args) {
    WorkerProcessSettings settings = Settings.loadOrExit(WorkerProcessSettings::read);
    OpsComponent component = OpsComponent.create(settings);
    int code;
    try {
      code = run(component, args);
    } finally {
      component.lifecycle().stop(); // closes the pools the command opened
    }
    System.exit(code);
  }

  static int run(OpsComponent component, String... args) {
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
