package dev.cake.core.testing;

import dev.cake.core.CakeException;
import dev.cake.core.auth.Credentials;
import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.RegistrationRules;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.auth.UserRepository;
import java.time.Clock;
import dev.cake.core.event.DomainEvent;
import dev.cake.core.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link UserRepository} in memory, with the adapter's rules: a taken field is reported username first, then email,
 * then phone; email and username match case-insensitively; only the first login writes an outbox row (its ids count
 * from 1).
 */
public final class InMemoryUserRepository implements UserRepository {
  private record Stored(User user, String passwordHash) {}

  private final Clock clock;
  private final List<Stored> users = new ArrayList<>();
  private long outboxIds;

  public InMemoryUserRepository(Clock clock) {
    this.clock = clock;
  }

  public synchronized int count() {
    return users.size();
  }

  @Override
  public synchronized User create(NewUser u) {
    takenField(u.email(), u.username(), u.phone()).ifPresent(field -> {
      throw RegistrationRules.taken(field);
    });
    Instant now = clock.instant();
    var user = new User(users.size() + 1, u.fullname(), u.email(), u.username(), u.phone(), u.birthday(), u.role(),
        null, now, now);
    users.add(new Stored(user, u.passwordHash()));
    return user;
  }

  @Override
  public synchronized Optional<User> findById(long id) {
    return id < 1 || id > users.size() ? Optional.empty() : Optional.of(users.get((int) id - 1).user());
  }

  @Override
  public synchronized Optional<String> takenField(String email, String username, String phone) {
    if (users.stream().anyMatch(s -> equalsIgnoreCase(s.user().username(), username))) return Optional.of("username");
    if (users.stream().anyMatch(s -> equalsIgnoreCase(s.user().email(), email))) return Optional.of("email");
    if (users.stream().anyMatch(s -> s.user().phone() != null && s.user().phone().equals(phone))) {
      return Optional.of("phone");
    }
    return Optional.empty();
  }

  private int lookups;

  /** How many times {@link #findByAccount} was asked. */
  public synchronized int lookups() {
    return lookups;
  }

  @Override
  public synchronized Optional<Credentials> findByAccount(String email, String username, String phone) {
    lookups++;
    return users.stream()
        .filter(s -> equalsIgnoreCase(s.user().email(), email) || equalsIgnoreCase(s.user().username(), username)
            || (phone != null && phone.equals(s.user().phone())))
        .findFirst().map(s -> new Credentials(s.user(), s.passwordHash()));
  }

  @Override
  public synchronized LoginRecord recordLogin(long userId, Instant at, DomainEvent onFirstLogin) {
    if (findById(userId).isEmpty()) throw new CakeException.NotFound("User not found");
    Stored stored = users.get((int) userId - 1);
    boolean first = stored.user().latestLogin() == null;
    User u = stored.user();
    var updated = new User(u.id(), u.fullname(), u.email(), u.username(), u.phone(), u.birthday(), u.role(), at,
        u.createdAt(), at);
    users.set((int) userId - 1, new Stored(updated, stored.passwordHash()));
    return new LoginRecord(updated, first,
        first ? new Event(++outboxIds, onFirstLogin, 0, clock.instant(), null) : null);
  }

  @Override
  public synchronized Optional<User> changeRole(long userId, Role role, dev.cake.core.audit.AuditEvent audit) {
    return changeRole(userId, role);
  }

  @Override
  public synchronized User create(NewUser u, dev.cake.core.audit.AuditEvent audit) {
    return create(u);
  }

  @Override
  public synchronized Optional<User> changeRole(long userId, Role role) {
    return findById(userId).map(u -> {
      var changed = new User(u.id(), u.fullname(), u.email(), u.username(), u.phone(), u.birthday(), role,
          u.latestLogin(), u.createdAt(), clock.instant());
      users.set((int) userId - 1, new Stored(changed, users.get((int) userId - 1).passwordHash()));
      return changed;
    });
  }

  @Override
  public synchronized Optional<User> findByUsername(String username) {
    return users.stream().map(Stored::user).filter(u -> equalsIgnoreCase(u.username(), username)).findFirst();
  }

  @Override
  public synchronized List<User> findByRole(Role role) {
    return users.stream().map(Stored::user).filter(u -> u.role() == role).toList();
  }

  private static boolean equalsIgnoreCase(String stored, String wanted) {
    return stored != null && wanted != null
        && stored.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
  }
}
