package dev.cake.persistence;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one place that says what a failure of PostgreSQL or Redis means. The HTTP error mapping (503 or 400 or 500)
 * and the worker's retry policy (postpone or count an attempt) both ask {@link #classify}, so a failure is never a
 * retry in one and a bug in the other.
 */
public final class Failures {
  /** What kind of failure a throwable is, read from its cause chain (the first decisive cause wins). */
  public enum Kind {
    /** Concurrent transactions collided (serialization failure, deadlock): the same work again succeeds. */
    RETRYABLE_CONFLICT,
    /** PostgreSQL or Redis is unreachable, restarting, out of connections, or the Redis breaker is open. */
    DEPENDENCY_UNAVAILABLE,
    /** A bounded wait ran out: a statement, a lock, an idle transaction, a Redis read. */
    TIMEOUT,
    /** An integrity constraint refused the change (unique, foreign key, check, not null): class 23. */
    CONSTRAINT,
    /** A value PostgreSQL cannot take (too long, out of range, bad encoding): class 22, the input's fault. */
    INVALID_DATA,
    /** Anything else: a fault in our code or statements. */
    BUG;

    /** True when nobody's work is at fault and the same work later is worth trying: not an attempt used up. */
    public boolean isTransient() {
      return this == RETRYABLE_CONFLICT || this == DEPENDENCY_UNAVAILABLE || this == TIMEOUT;
    }
  }

  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String UNIQUE_VIOLATION = "23505";
  /** {@code statement_timeout} (or a cancel request) ended the statement. */
  public static final String QUERY_CANCELED = "57014";
  /** {@code lock_timeout}: the lock was not granted in time. */
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  /** {@code idle_in_transaction_session_timeout} ended the session. */
  public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";
  /** {@code too_many_connections}. */
  public static final String TOO_MANY_CONNECTIONS = "53300";

  private static final Set<String> CONFLICTS = Set.of(SERIALIZATION_FAILURE, DEADLOCK_DETECTED);
  private static final Set<String> TIMEOUTS = Set.of(QUERY_CANCELED, LOCK_NOT_AVAILABLE, IDLE_IN_TRANSACTION_TIMEOUT);
  /** Admin shutdown, crash shutdown, cannot connect now (starting up), too many connections. */
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", TOO_MANY_CONNECTIONS);
  /**
   * Redis error replies that mean "this server cannot serve you now": loading its data set, a replica after a
   * failover, a replica without its master, a blocked command released by a failover.
   */
  private static final Set<String> REDIS_UNAVAILABLE = Set.of("LOADING", "READONLY", "MASTERDOWN", "UNBLOCKED");
  private static final int MAX_DEPTH = 32;

  private Failures() {}

  public static Kind classify(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      Kind kind = ownKind(t);
      if (kind != null) return kind;
    }
    return Kind.BUG;
  }

  /** What {@code t} itself says, or null when only its cause can tell. */
  private static Kind ownKind(Throwable t) {
    if (t instanceof SQLException s) {
      Kind byState = bySqlState(s.getSQLState());
      if (byState != null) return byState;
      if (t instanceof SQLTransactionRollbackException) return Kind.RETRYABLE_CONFLICT;
      if (t instanceof SQLTimeoutException) return Kind.TIMEOUT;
      // no pooled connection in time (Hikari, FairDataSource), or a connection that broke
      if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
        return Kind.DEPENDENCY_UNAVAILABLE;
      }
      return null;
    }
    if (t instanceof JedisConnectionException) {
      return hasCause(t, SocketTimeoutException.class) ? Kind.TIMEOUT : Kind.DEPENDENCY_UNAVAILABLE;
    }
    if (t instanceof JedisBusyException) return Kind.DEPENDENCY_UNAVAILABLE;
    if (t instanceof JedisDataException) {
      String reply = t.getMessage() == null ? "" : t.getMessage();
      int space = reply.indexOf(' ');
      return REDIS_UNAVAILABLE.contains(space < 0 ? reply : reply.substring(0, space))
          ? Kind.DEPENDENCY_UNAVAILABLE : Kind.BUG;
    }
    // Jedis' "could not get a resource from the pool": every pooled connection busy for maxWait
    if (t instanceof JedisException && t.getCause() instanceof NoSuchElementException) {
      return Kind.DEPENDENCY_UNAVAILABLE;
    }
    if (t instanceof ConnectionException || t instanceof ConnectException) return Kind.DEPENDENCY_UNAVAILABLE;
    if (t instanceof SocketTimeoutException) return Kind.TIMEOUT;
    return null;
  }

  private static Kind bySqlState(String state) {
    if (state == null) return null;
    if (CONFLICTS.contains(state)) return Kind.RETRYABLE_CONFLICT;
    if (TIMEOUTS.contains(state)) return Kind.TIMEOUT;
    if (state.startsWith("08") || UNAVAILABLE.contains(state)) return Kind.DEPENDENCY_UNAVAILABLE;
    if (state.startsWith("23")) return Kind.CONSTRAINT;
    if (state.startsWith("22")) return Kind.INVALID_DATA;
    return null;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (type.isInstance(t)) return true;
    }
    return false;
  }
}
