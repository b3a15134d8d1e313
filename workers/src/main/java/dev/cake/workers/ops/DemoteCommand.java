package dev.cake.workers.ops;

import dev.cake.core.auth.AdminAccounts;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "demote", mixinStandardHelpOptions = true,
    description = {"Make an admin a plain user again (the last admin is refused).",
        "Access tokens already issued keep their role until they expire (CAKE_ACCESS_TOKEN_TTL)."})
public final class DemoteCommand implements OpsCommand {
  @Parameters(index = "0", paramLabel = "<username>", description = "The admin to demote.")
  String username;

  private final AdminAccounts admins;

  @Inject
  public DemoteCommand(AdminAccounts admins) {
    this.admins = admins;
  }

  @Override
  public Integer call() {
    var user = admins.demote(username);
    System.err.println("demoted to user: " + Accounts.describe(user));
    return 0;
  }
}
