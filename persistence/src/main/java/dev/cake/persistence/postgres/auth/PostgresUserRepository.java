package dev.cake.persistence.postgres.auth;

import dev.cake.core.audit.AuditEvent;
import dev.cake.persistence.postgres.audit.PostgresAuditLog;
import dev.cake.core.CakeException;
import dev.cake.core.auth.RegistrationRules;
import dev.cake.core.auth.Credentials;
import dev.cake.core.auth.NewUser;
import dev.cake.core.auth.Role;
import dev.cake.core.auth.User;
import dev.cake.core.auth.UserRepository;
import dev.cake.core.event.DomainEvent;
import dev.cake.core.event.Event;
import dev.cake.persistence.event.EventCodec;
import dev.cake.persistence.Json;
import dev.cake.persistence.postgres.PostgresErrors;
import dev.cake.persistence.postgres.event.OutboxDao;
import dev.cake.telemetry.Tracing;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads outside a transaction are fluent queries over {@link UserDao}'s SQL constants (docs/ARCHITECTURE.md,
 * "Database reads"); transactions attach the DAO to their handle; a single write outside one calls the on-demand DAO.
 */
@Singleton
public final class PostgresUserRepository implements UserRepository {
  private final Jdbi jdbi;
  private final UserDao dao;
  private final Tracing tracing;
  private final Json json;
  private final Clock clock;
  private final PostgresAuditLog audit;

  @Inject
  public PostgresUserRepository(Jdbi jdbi, Tracing tracing, Json json, Clock clock, PostgresAuditLog audit) {
    this.audit = audit;
    this.jdbi = jdbi;
    this.tracing = tracing;
    this.json = json;
    this.clock = clock;
    this.dao = jdbi.onDemand(UserDao.class);
  }

  @Override
  public User create(NewUser u) {
    try {
      return dao.insert(u, clock.instant());
    } catch (UnableToExecuteStatementException e) {
      String constraint = PostgresErrors.violatedUniqueConstraint(e).orElseThrow(() -> e);
      // a race with another registration: report the first taken field in the original's order, as the check would
      throw takenField(u.email(), u.username(), u.phone()).map(RegistrationRules::taken)
          .orElseGet(() -> RegistrationRules.taken(switch (constraint) {
            case "users_email_key" -> "email";
            case "users_username_key" -> "username";
            default -> "phone";
          }));
    }
  }

  @Override
  public Optional<User> findById(long id) {
    return jdbi.withHandle(h -> h.createQuery(UserDao.FIND_BY_ID).bind("id", id).mapTo(User.class).findOne());
  }

  @Override
  public Optional<String> takenField(String email, String username, String phone) {
    return jdbi.withHandle(h -> h.createQuery(UserDao.TAKEN_FIELD)
        .bind("email", email).bind("username", username).bind("phone", phone).mapTo(String.class).findOne());
  }

  @Override
  public Optional<Credentials> findByAccount(String email, String username, String phone) {
    return jdbi.withHandle(h -> h.createQuery(UserDao.FIND_CREDENTIALS)
            .bind("email", email).bind("username", username).bind("phone", phone)
            .mapTo(UserDao.CredentialsRow.class).findOne())
        .map(row -> new Credentials(row.user(), row.passwordHash()));
  }

  /** One transaction: the login and, for a first login, its outbox event (docs/ARCHITECTURE.md, "Login"). */
  @Override
  public LoginRecord recordLogin(long userId, Instant at, DomainEvent onFirstLogin) {
    return jdbi.inTransaction(handle -> {
      var login = handle.attach(UserDao.class).recordLogin(userId, at)
          .orElseThrow(() -> new CakeException.NotFound("User not found"));
      if (!login.firstLogin()) return new LoginRecord(login.user(), false, null);
      // the request's trace travels with the event, so the worker's span joins it
      var row = handle.attach(OutboxDao.class).insert(onFirstLogin.topic(),
          json.write(EventCodec.encode(onFirstLogin)), tracing.currentTraceparent(), at);
      return new LoginRecord(login.user(), true, new Event(row.id(), onFirstLogin, 0, row.createdAt(),
          row.traceparent()));
    });
  }

  @Override
  public Optional<User> changeRole(long userId, Role role) {
    return dao.changeRole(userId, role, clock.instant());
  }

  @Override
  public Optional<User> changeRole(long userId, Role role, AuditEvent event) {
    return jdbi.inTransaction(h -> {
      var changed = h.attach(UserDao.class).changeRole(userId, role, clock.instant());
      if (changed.isPresent()) audit.write(h, event);
      return changed;
    });
  }

  @Override
  public User create(NewUser u, AuditEvent event) {
    try {
      return jdbi.inTransaction(h -> {
        User created = h.attach(UserDao.class).insert(u, clock.instant());
        audit.write(h, event.withTarget("user:" + created.id()));
        return created;
      });
    } catch (UnableToExecuteStatementException e) {
      PostgresErrors.violatedUniqueConstraint(e).orElseThrow(() -> e);
      return create(u); // the same conflict, worded as for a registration
    }
  }

  @Override
  public List<User> findByRole(Role role) {
    return jdbi.withHandle(h -> h.createQuery(UserDao.FIND_BY_ROLE).bind("role", role).mapTo(User.class).list());
  }

  @Override
  public Optional<User> findByUsername(String username) {
    return jdbi.withHandle(h -> h.createQuery(UserDao.FIND_BY_USERNAME).bind("username", username)
        .mapTo(User.class).findOne());
  }
}
