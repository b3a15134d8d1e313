package dev.cake.workers.ops;

import dev.cake.core.auth.AuthService;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

@Command(name = "list-admins", mixinStandardHelpOptions = true,
    description = "List the admin accounts, one per line: id, username, email, created.")
public final class ListAdminsCommand implements OpsCommand {
  private final AuthService auth;

  @Inject
  public ListAdminsCommand(AuthService auth) {
    this.auth = auth;
  }

  @Override
  public Integer call() {
    var admins = auth.admins();
    for (var admin : admins) {
      System.out.println(admin.id() + "\t" + admin.username() + "\t" + (admin.email() == null ? "-" : admin.email())
          + "\t" + admin.createdAt());
    }
    System.err.println(admins.size() + " admin(s)");
    return 0;
  }
}
