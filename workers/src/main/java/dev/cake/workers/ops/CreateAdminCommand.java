package dev.cake.workers.ops;

import dev.cake.core.auth.AuthService;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create-admin", mixinStandardHelpOptions = true,
    description = "Create an admin account, or promote the existing account with that username. Prints its id.")
public final class CreateAdminCommand implements OpsCommand {
  @Option(names = "--username", required = true, description = "3-50 letters, digits, '.', '_' or '-'.")
  String username;

  @Option(names = "--password", required = true, description = "8-72 bytes. Ignored when the account exists.")
  String password;

  @Option(names = "--email", description = "Optional email address.")
  String email;

  @Option(names = "--phone", description = "Optional phone number (normalised to E.164).")
  String phone;

  @Option(names = "--fullname", description = "Defaults to the username.")
  String fullname;

  private final AuthService auth;

  @Inject
  public CreateAdminCommand(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public Integer call() {
    var result = auth.ensureAdmin(username, password, email, phone, fullname);
    System.err.println(result.created()
        ? "created admin " + result.user().username()
        : "promoted existing account " + result.user().username() + " to admin (password unchanged)");
    System.out.println(result.user().id());
    return 0;
  }
}
