package dev.cake.workers.ops;

import dev.cake.core.auth.User;

/** How the ops commands name an account to the operator. */
final class Accounts {
  private Accounts() {}

  /** "id 12, username alice, email a@x": which account a shell command is about. */
  static String describe(User user) {
    return "id " + user.id() + ", username " + user.username() + ", email "
        + (user.email() == null ? "(none)" : user.email());
  }
}
