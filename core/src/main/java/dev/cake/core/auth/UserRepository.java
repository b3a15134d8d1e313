package dev.cake.core.auth;

import dev.cake.core.event.DomainEvent;
import dev.cake.core.event.Event;
import java.time.Instant;
import java.util.Optional;

/** Port: where accounts are stored. */
public interface UserRepository {
  /**
   * Stores a new account.
   *
   * @throws dev.cake.core.CakeException.StateConflict naming the field (email, username or phone) that is taken
   */
  User create(NewUser user);

  /** {@link #create(NewUser)} and {@code audit} (its target completed with the new id) in one transaction. */
  User create(NewUser user, dev.cake.core.audit.AuditEvent audit);

  Optional<User> findById(long id);

  /** The first of email, username, phone (in that order) already used by an account, if any. */
  Optional<String> takenField(String email, String username, String phone);

  /** Finds the account whose email, username or phone (E.164) matches; email and username case-insensitively. */
  Optional<Credentials> findByAccount(String email, String username, String phone);

  /**
   * Sets {@code latest_login} and tells, atomically, whether this was the account's first login; a first login also
   * writes {@code onFirstLogin}, the event core decided to announce it with, to the outbox in the same transaction.
   */
  LoginRecord recordLogin(long userId, Instant at, DomainEvent onFirstLogin);

  /** Sets the role of an existing account; empty when there is no such account. */
  Optional<User> changeRole(long userId, Role role);

  /** {@link #changeRole(long, Role)} and {@code audit} in one transaction (nothing written without the account). */
  Optional<User> changeRole(long userId, Role role, dev.cake.core.audit.AuditEvent audit);

  Optional<User> findByUsername(String username);

  /** The accounts with {@code role}, oldest first. */
  java.util.List<User> findByRole(Role role);

  /**
   * {@code firstLoginEvent} is the event written to the outbox with a first login, as the queue carries it (the row's
   * id, write time and trace), null for every later login.
   */
  record LoginRecord(User user, boolean firstLogin, Event firstLoginEvent) {}
}
