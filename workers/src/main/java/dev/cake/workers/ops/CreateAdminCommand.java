package dev.cake.workers.ops;

import dev.cake.core.CakeException;
import dev.cake.core.auth.AdminAccounts;
import dev.cake.workers.OpsCommand;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates an admin, reading its password from standard input or a prompt (never from the command line, where it
 * would show in {@code ps} and the shell's history). An existing account is refused unless the operator names it
 * with {@code --promote-existing}: whoever registered the name first must not become admin by accident.
 */
@Command(name = "create-admin", mixinStandardHelpOptions = true,
    description = {"Create an admin account (prints its id), or promote an existing account you name.",
        "  printf '%s\\n' \"$pw\" | bin/admin create-admin --username admin --password-stdin",
        "  bin/admin create-admin --username admin            (prompts for the password twice)",
        "  bin/admin create-admin --promote-existing alice    (alice keeps her password)"})
public final class CreateAdminCommand implements OpsCommand {
  @Option(names = "--username", description = "The new account: 3-50 letters, digits, '.', '_' or '-'.")
  String username;

  @Option(names = "--password-stdin", description = "Read the password (8-72 bytes) from the first line of standard input.")
  boolean passwordStdin;

  @Option(names = "--password", hidden = true, description = "Refused: use --password-stdin or the prompt.")
  String password;

  @Option(names = "--promote-existing", paramLabel = "<username>",
      description = "Make this existing account an admin instead of creating one (its password stays as it was).")
  String promoteExisting;

  @Option(names = "--email", description = "Optional email address.")
  String email;

  @Option(names = "--phone", description = "Optional phone number (normalised to E.164).")
  String phone;

  @Option(names = "--fullname", description = "Defaults to the username.")
  String fullname;

  private final AdminAccounts admins;

  @Inject
  public CreateAdminCommand(AdminAccounts admins) {
    this.admins = admins;
  }

  @Override
  public Integer call() throws IOException {
    if (password != null) {
      System.err.println("--password is no longer accepted: a password on the command line shows in ps and in the "
          + "shell's history. Use --password-stdin (printf '%s\\n' \"$pw\" | bin/admin create-admin --username U "
          + "--password-stdin) or run without it to be prompted.");
      return 2;
    }
    if (promoteExisting != null) {
      if (username != null || passwordStdin) {
        System.err.println("--promote-existing takes no --username or password: it names the existing account");
        return 2;
      }
      var promoted = admins.promote(promoteExisting);
      System.err.println("promoted existing account to admin (password unchanged): " + Accounts.describe(promoted));
      System.out.println(promoted.id());
      return 0;
    }
    if (username == null) {
      System.err.println("--username is required (or --promote-existing <username> for an existing account)");
      return 2;
    }
    String secret = passwordStdin ? readStdin() : prompt();
    if (secret == null) return 2;
    return switch (admins.create(username, secret, email, phone, fullname)) {
      case AdminAccounts.Creation.Created(var admin) -> {
        System.err.println("created admin: " + Accounts.describe(admin));
        System.out.println(admin.id());
        yield 0;
      }
      case AdminAccounts.Creation.UsernameTaken(var existing) -> {
        System.err.println("An account named " + existing.username() + " already exists ("
            + Accounts.describe(existing) + "); it was not changed. To make that account an admin, name it: "
            + "bin/admin create-admin --promote-existing " + existing.username());
        yield 1;
      }
    };
  }

  private static String readStdin() throws IOException {
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null || line.isEmpty()) {
      System.err.println("--password-stdin: standard input gave no password");
      return null;
    }
    return line;
  }

  private static String prompt() {
    var console = System.console();
    if (console == null) {
      System.err.println("no terminal to prompt for the password: pipe it with --password-stdin");
      return null;
    }
    char[] first = console.readPassword("Password for the new admin (8-72 bytes): ");
    char[] second = console.readPassword("Again: ");
    try {
      if (first == null || second == null || !Arrays.equals(first, second)) {
        System.err.println("the passwords differ");
        return null;
      }
      if (first.length == 0) throw new CakeException.InvalidInput("password", "password is required");
      return new String(first);
    } finally {
      if (first != null) Arrays.fill(first, ' ');
      if (second != null) Arrays.fill(second, ' ');
    }
  }
}
