package dev.cake.persistence;

import dev.cake.persistence.postgres.PostgresErrors;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jdbi.v3.core.ConnectionException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Tells a dependency's failure (PostgreSQL or Redis unreachable, frozen, restarting, a bounded wait running out, the
 * Redis circuit breaker open) from a failure of the work itself. The first is nobody's fault and worth waiting out;
 * the second is not.
 */
public final class DependencyFailures {
  /** Conflicts between concurrent transactions: a serialization failure or a deadlock; trying again succeeds. */
  private static final Set<String> CONFLICTS = Set.of("40001", "40P01");

  private DependencyFailures() {}

  public static boolean isTransient(Throwable e) {
    if (PostgresErrors.isUnavailable(e)) return true;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof ConnectionException
          || t instanceof JedisConnectionException) {
        return true;
      }
      if (t instanceof SQLException s && CONFLICTS.contains(s.getSQLState())) return true;
    }
    return false;
  }
}
