package dev.cake.workers.ops;

import dev.cake.core.auth.AdminAccounts;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

@Command(name = "list-admins", mixinStandardHelpOptions = true,
    description = "List the admin accounts, one per line: id, username, email, created.")
public final class ListAdminsCommand implements OpsCommand {
  private final AdminAccounts admins;

  @Inject
  public ListAdminsCommand(AdminAccounts admins) {
    this.admins = admins;
  }

  @Override
  public Integer call() {
    var all = admins.list();
    for (var admin : all) {
      System.out.println(admin.id() + "\t" + admin.username() + "\t" + (admin.email() == null ? "-" : admin.email())
          + "\t" + admin.createdAt());
    }
    System.err.println(all.size() + " admin(s)");
    return 0;
  }
}
