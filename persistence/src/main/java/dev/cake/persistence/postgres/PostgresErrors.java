package dev.cake.persistence.postgres;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL's error details out of Jdbi's exceptions. */
public final class PostgresErrors {
  public static final String UNIQUE_VIOLATION = "23505";
  /** {@code statement_timeout} (or a cancel request) ended the statement. */
  public static final String QUERY_CANCELED = "57014";
  /** {@code lock_timeout}: the lock was not granted in time. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  /** {@code idle_in_transaction_session_timeout} ended the session. */
  public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";

  /**
   * Server states that say "the database cannot serve this now", not "this request is wrong": the bounded waits
   * above, a server shutting down or starting ({@code 57P01..57P03}), too many connections ({@code 53300}).
   */
  private static final Set<String> UNAVAILABLE = Set.of(QUERY_CANCELED, LOCK_NOT_AVAILABLE,
      IDLE_IN_TRANSACTION_TIMEOUT, "57P01", "57P02", "57P03", "53300");

  private PostgresErrors() {}

  /** The name of the unique constraint (or index) that {@code e} violated, if that is what happened. */
  public static Optional<String> violatedUniqueConstraint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && UNIQUE_VIOLATION.equals(p.getSQLState())) {
        ServerErrorMessage server = p.getServerErrorMessage();
        return Optional.ofNullable(server == null ? null : server.getConstraint()).or(() -> Optional.of(""));
      }
    }
    return Optional.empty();
  }

  /**
   * True when {@code e} (or a cause) means the database is unreachable, too slow or refusing for now: a connection
   * error (SQLState class {@code 08}, a socket timeout, no pooled connection in time), a statement cancelled by
   * {@code statement_timeout}, a lock not granted within {@code lock_timeout}, a session ended by
   * {@code idle_in_transaction_session_timeout}, a server shutting down. Such failures are worth a retry later
   * (HTTP 503), unlike a bad statement or a constraint violation.
   */
  public static boolean isUnavailable(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
          || t instanceof SocketTimeoutException) {
        return true;
      }
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || UNAVAILABLE.contains(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
