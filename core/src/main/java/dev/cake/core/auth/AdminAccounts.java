package dev.cake.core.auth;

import dev.cake.core.audit.AuditEvent;
import dev.cake.core.CakeException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admin accounts, managed from the shell ({@code bin/admin}): create, promote, demote, list. */
@Singleton
public final class AdminAccounts {
  private static final Logger log = LoggerFactory.getLogger(AdminAccounts.class);

  private final UserRepository users;
  private final PasswordHasher hasher;
  private final ProfileCache profileCache;
  private final RegistrationRules rules;

  @Inject
  public AdminAccounts(UserRepository users, PasswordHasher hasher, ProfileCache profileCache,
                       RegistrationRules rules) {
    this.users = users;
    this.hasher = hasher;
    this.profileCache = profileCache;
    this.rules = rules;
  }

  /** How {@link #create} ended. */
  public sealed interface Creation {
    record Created(User admin) implements Creation {}

    /** An account with that username exists (someone may have registered the name first); it was not changed. */
    record UsernameTaken(User existing) implements Creation {}
  }

  /**
   * Creates an admin account under a free username; {@link #promote} makes an existing account an admin when the
   * operator names it.
   */
  public Creation create(String username, String password, String email, String phone, String fullname) {
    var existing = users.findByUsername(username);
    if (existing.isPresent()) return new Creation.UsernameTaken(existing.get());
    RegistrationRules.Admin valid = rules.validateAdmin(username, password, email, phone, fullname);
    return new Creation.Created(users.create(new NewUser(valid.fullname(), valid.email(), valid.username(),
        valid.phone(), null, hasher.hash(password), Role.ADMIN), AuditEvent.success("admin.created", "user")));
  }

  /** Makes the existing account {@code username} an admin (its password stays as it was). */
  public User promote(String username) {
    User user = users.findByUsername(username)
        .orElseThrow(() -> new CakeException.NotFound("No account named " + username));
    if (user.role() == Role.ADMIN) return user;
    User promoted = users.changeRole(user.id(), Role.ADMIN, AuditEvent.success("admin.promoted", "user:" + user.id()))
        .orElseThrow();
    profileCache.invalidate(promoted.id());
    log.warn("security: account {} ({}) promoted to admin from the shell", promoted.id(), promoted.username());
    return promoted;
  }

  /** Makes the admin {@code username} a plain user again; the last admin cannot be demoted. */
  public User demote(String username) {
    User user = users.findByUsername(username)
        .orElseThrow(() -> new CakeException.NotFound("No account named " + username));
    if (user.role() != Role.ADMIN) {
      throw new CakeException.StateConflict("username", user.username() + " is not an admin");
    }
    if (users.findByRole(Role.ADMIN).size() <= 1) {
      throw new CakeException.StateConflict("username", user.username() + " is the last admin; create another first");
    }
    User demoted = users.changeRole(user.id(), Role.USER, AuditEvent.success("admin.demoted", "user:" + user.id()))
        .orElseThrow();
    profileCache.invalidate(demoted.id());
    log.warn("security: admin {} ({}) demoted to user from the shell", demoted.id(), demoted.username());
    return demoted;
  }

  /** Every admin account, oldest first. */
  public List<User> list() {
    return users.findByRole(Role.ADMIN);
  }
}
